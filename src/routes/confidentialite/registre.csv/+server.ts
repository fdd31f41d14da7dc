import { env } from '$env/dynamic/private';
import { today } from '$lib/french';
import { appRegisterCsv, privacyConfig } from '$lib/server/privacy';

/** The app's processing as one line of a register, in the columns of the register export. */
export function GET() {
	return new Response(appRegisterCsv(privacyConfig(env), today()), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': 'attachment; filename="registre-super-chef-rgpd.csv"'
		}
	});
}
