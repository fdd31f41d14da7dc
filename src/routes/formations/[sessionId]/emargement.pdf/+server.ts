import { httpError } from '$lib/server/actions';
import { getDb } from '$lib/server/db';
import { attendanceList, sessionOfTrainer } from '$lib/server/domain/training';
import { renderAttendance } from '$lib/server/pdf/attendance';
import { pdfResponse } from '$lib/server/pdf/response';
import { requireUser } from '$lib/server/tenancy';

export async function GET(event) {
	const user = requireUser(event);
	const db = await getDb();
	try {
		const session = await sessionOfTrainer(db, user, event.params.sessionId);
		const rows = await attendanceList(db, session);
		return pdfResponse(await renderAttendance(session, user.name, rows), 'emargement', session.title, session.date);
	} catch (err) {
		httpError(err);
	}
}
