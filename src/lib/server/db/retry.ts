// Two transactions that both find a row missing and both create it: PostgreSQL lets the first one
// commit and refuses the second with unique_violation. Rows that already exist are locked
// (SELECT … FOR UPDATE) before being changed, but a row that does not exist yet cannot be locked:
// the transaction that lost that race is run again, and then finds the winner's row and locks it.

const UNIQUE_VIOLATION = '23505';

/** True when the error, or one of its causes (Drizzle wraps the driver's), is a unique_violation. */
export function isUniqueViolation(err: unknown): boolean {
	let e: unknown = err;
	for (let i = 0; e && typeof e === 'object' && i < 5; i++) {
		if ((e as { code?: unknown }).code === UNIQUE_VIOLATION) return true;
		e = (e as { cause?: unknown }).cause;
	}
	return false;
}

/**
 * Runs `transaction` (the whole of it: it must start its own database transaction) again when it
 * lost a race to create a row, a few times at most.
 */
export async function retryLostCreation<T>(transaction: () => Promise<T>, attempts = 4): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await transaction();
		} catch (err) {
			if (attempt >= attempts || !isUniqueViolation(err)) throw err;
		}
	}
}
