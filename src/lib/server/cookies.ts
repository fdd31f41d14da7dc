import { dev } from '$app/environment';
import { env } from '$env/dynamic/private';

/**
 * HttpOnly, SameSite=Lax; Secure in production (browsers accept Secure cookies on
 * http://localhost). COOKIE_SECURE=false allows plain HTTP on a training-room network.
 */
export function sessionCookieOptions(expires: Date) {
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'lax' as const,
		secure: !dev && env.COOKIE_SECURE !== 'false',
		expires
	};
}
