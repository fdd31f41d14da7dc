// What reaches the server's log about a failure: its kind and message, never the values it carried.
// A failed query's error (Drizzle's DrizzleQueryError) prints its parameters — a register's
// content, a resident's name, a password hash — so only the SQL text and the database's own
// message are kept; the database's `detail` (« Key (email)=(…) ») is left out for the same reason.

interface QueryErrorLike {
	query: string;
	params: unknown[];
	cause?: unknown;
}

function isQueryError(e: unknown): e is QueryErrorLike {
	return typeof e === 'object' && e !== null && typeof (e as QueryErrorLike).query === 'string' && Array.isArray((e as QueryErrorLike).params);
}

function databaseMessage(cause: unknown): string {
	if (typeof cause !== 'object' || cause === null) return '';
	const c = cause as { code?: unknown; message?: unknown };
	const code = typeof c.code === 'string' ? ` [${c.code}]` : '';
	// « invalid input syntax for type uuid: "…" » quotes the value refused: the quote is left out.
	return typeof c.message === 'string' ? `${c.message.replace(/: ".*"$/s, ': "…"')}${code}` : code;
}

/** One line (and a stack, for a programming error) that is safe to log. */
export function describeError(error: unknown): string {
	if (isQueryError(error)) {
		const sqlText = error.query.replace(/\s+/g, ' ').slice(0, 500);
		return `échec d’une requête (${error.params.length} paramètre(s) non journalisé(s)) : ${sqlText} — ${databaseMessage(error.cause) || 'voir le journal de la base'}`;
	}
	if (error instanceof Error) {
		if (isQueryError(error.cause)) return `${error.name}: ${describeError(error.cause)}`;
		return error.stack ?? `${error.name}: ${error.message}`;
	}
	return typeof error === 'string' ? error : 'erreur sans message';
}

export function logError(context: string, error: unknown): void {
	console.error(`[super-chef-rgpd] ${context} : ${describeError(error)}`);
}
