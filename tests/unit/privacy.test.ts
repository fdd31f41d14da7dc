// The app's own notice and register entry (issue 14): figures from the retention module, a valid
// register fiche, a CSV with the register export's columns.
import { describe, expect, it } from 'vitest';
import { activityKind, retentionOf } from '../../src/lib/recipes/records';
import { requestKind } from '../../src/lib/recipes/registers';
import { validRecordData } from '../../src/lib/server/domain/record-writes';
import { REGISTER_COLUMNS } from '../../src/lib/server/exports/register';
import { appRegisterCsv, appRegisterEntry, privacyConfig, retentionLines } from '../../src/lib/server/privacy';
import { RETENTION } from '../../src/lib/server/retention';

describe('the app’s own privacy notice', () => {
	it('reads the controller from the environment, with defaults', () => {
		expect(privacyConfig({}).gipName).toMatch(/GIP/);
		expect(privacyConfig({ GIP_NAME: ' GIP Territoires Numériques ', DPO_CONTACT: 'dpd@gip.fr' })).toMatchObject({ gipName: 'GIP Territoires Numériques', dpoContact: 'dpd@gip.fr' });
	});

	it('states the purge’s own figures', () => {
		const text = JSON.stringify(retentionLines());
		expect(text).toContain(`${RETENTION.sessionDays} jours`);
		expect(text).toContain(`${RETENTION.loginAttemptHours} heures`);
		expect(text).toContain(`${RETENTION.consultationMonths} mois`);
		expect(text).toContain(`${retentionOf(requestKind).years} ans après la réponse`);
	});

	it('is a valid register fiche, exported with the register’s columns', () => {
		const config = privacyConfig({ GIP_NAME: 'GIP Exemple', DPO_CONTACT: 'dpd@gip-exemple.fr' });
		expect(() => validRecordData(activityKind, appRegisterEntry(config))).not.toThrow();
		const csv = appRegisterCsv(config, '2026-12-06');
		const [header, line, end] = csv.replace(/^\ufeff/, '').split('\r\n');
		expect(header).toBe(REGISTER_COLUMNS.map((c) => `"${c.label}"`).join(';'));
		expect(end).toBe('');
		expect(line).toContain('"GIP Exemple"');
		expect(line).toContain('dpd@gip-exemple.fr');
		expect(line).toContain('Mission d’intérêt public');
		expect(line).toContain(`${RETENTION.sessionDays} jours`);
	});
});
