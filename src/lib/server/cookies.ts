import { dev } from '$app/environment';
import type { Cookies } from '@sveltejs/kit';
import { config } from './config';
import { SESSION_COOKIE } from './auth/session';

/**
 * HttpOnly, SameSite=Lax; Secure in production (browsers accept Secure cookies on
 * http://localhost). COOKIE_SECURE=false allows plain HTTP on a training-room network.
 */
function baseOptions() {
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'lax' as const,
		secure: config().cookieSecure ?? !dev
	};
}

export function sessionCookieOptions(expires: Date) {
	return { ...baseOptions(), expires };
}

/**
 * Removes the session cookie with the attributes it was set with: a clearing cookie marked
 * `Secure` is ignored by the browser over plain HTTP (COOKIE_SECURE=false), which kept the old one.
 */
export function clearSessionCookie(cookies: Pick<Cookies, 'delete'>) {
	cookies.delete(SESSION_COOKIE, baseOptions());
}
