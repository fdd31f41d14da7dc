// The register import's sentences, in French with the right number (« Créer la fiche », « Créer les
// 3 fiches »; never « Créer les 1 fiche »).
import { plural, pluralWord } from './french';

/** The confirmation button. */
export function createButtonLabel(n: number): string {
	return n === 1 ? 'Créer la fiche' : `Créer les ${plural(n, 'fiche')}`;
}

/** What the preview found: « 1 fiche à créer, 2 problèmes ». */
export function previewCounts(fiches: number, problems: number): { fiches: string; problems: string } {
	return { fiches: `${plural(fiches, 'fiche')} à créer`, problems: plural(problems, 'problème') };
}

/** After the confirmation: « 1 fiche créée. », « 3 fiches créées. » */
export function createdSentence(n: number): string {
	return `${plural(n, 'fiche')} ${pluralWord(n, 'créée', 'créées')}.`;
}

/** The supports created with the fiches: « 1 support ajouté à la cartographie : complétez-le (…). » */
export function supportsCreatedSentence(n: number): string {
	if (!n) return '';
	return `${plural(n, 'support')} ${pluralWord(n, 'ajouté', 'ajoutés')} à la cartographie : ${pluralWord(n, 'complétez-le', 'complétez-les')} (type, lieu, utilisateurs).`;
}
