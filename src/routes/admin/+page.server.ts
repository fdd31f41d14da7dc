import { error } from '@sveltejs/kit';
import { asc } from 'drizzle-orm';
import { refuse } from '$lib/server/actions';
import { getDb } from '$lib/server/db';
import { users } from '$lib/server/db/schema';
import { setTrainer } from '$lib/server/domain/accounts';
import { isUuid, readForm } from '$lib/server/forms';
import { requireUser } from '$lib/server/tenancy';

function requireAdmin(event: Parameters<typeof requireUser>[0]) {
	const user = requireUser(event);
	if (!user.isGipAdmin) error(404, 'Page introuvable');
	return user;
}

export async function load(event) {
	requireAdmin(event);
	const db = await getDb();
	const all = await db
		.select({ id: users.id, name: users.name, email: users.email, isTrainer: users.isTrainer, isGipAdmin: users.isGipAdmin })
		.from(users)
		.orderBy(asc(users.name))
		.limit(500);
	return { users: all };
}

export const actions = {
	trainer: async (event) => {
		const admin = requireAdmin(event);
		const form = await readForm(event.request);
		const id = form?.get('id');
		const value = form?.get('value') === 'true';
		if (!isUuid(id)) error(404, 'Page introuvable');
		try {
			await setTrainer(await getDb(), admin, id, value);
		} catch (err) {
			return refuse(err, form);
		}
		return { success: value ? 'Rôle de formateur accordé.' : 'Rôle de formateur retiré.' };
	}
};
