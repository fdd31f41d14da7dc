// The first « Questions des formations »: questions trainees asked and tips the GIP gives, from
// the facts of the cookbook (docs: rgpd-communes.md, users.md). Idempotent: an entry whose title
// already exists is left alone (and never brought back once the GIP has retired it).
import { inArray } from 'drizzle-orm';
import type { Db } from '../db';
import { advice } from '../db/schema';
import { createAdvice, type AdviceKind, type AdviceUser } from '../domain/advice';

const GDPR = 'https://eur-lex.europa.eu/eli/reg/2016/679/oj';
const CNIL_DPD_COLLECTIVITE = 'https://www.cnil.fr/fr/designer-un-delegue-la-protection-des-donnees-dans-une-collectivite';
const CNIL_DPD_MISES_EN_DEMEURE = 'https://www.cnil.fr/fr/designation-dun-delegue-la-protection-des-donnees-bilan-des-mises-en-demeure-prononcees-lencontre-de';
const CNIL_AIPD = 'https://cnil.fr/ce-quil-faut-savoir-sur-lanalyse-dimpact-relative-la-protection-des-donnees-aipd';
const CNIL_VIDEO = 'https://www.cnil.fr/fr/videosurveillance-videoprotection';
const CYBERMALVEILLANCE = 'https://www.cybermalveillance.gouv.fr/';

export interface SeedAdvice {
	kind: AdviceKind;
	target: string;
	title: string;
	body: string;
	sources: string[];
}

export const SEED_ADVICE: SeedAdvice[] = [
	{
		kind: 'question',
		target: 'catalogue:listes-electorales',
		title: 'Peut-on communiquer la liste électorale à une entreprise ?',
		body: `**Non, pas pour un usage commercial.** Tout électeur, candidat ou parti peut consulter la liste électorale et en obtenir une copie, **à condition de ne pas en faire un usage commercial** (Code électoral, article L37).

Le maire peut demander à quoi servira la liste, et refuser s’il craint un usage commercial (Conseil d’État, 2 décembre 2016, n° 388979). « Commercial » couvre la revente et tout usage à but purement lucratif (CADA).

- La commune peut s’en servir pour sa communication institutionnelle.
- Celui qui utilise la liste doit informer les électeurs (article 14 du RGPD : les données ne viennent pas d’eux).`,
		sources: [GDPR]
	},
	{
		kind: 'question',
		target: 'step:dpd/type',
		title: 'Le maire peut-il être le délégué à la protection des données ?',
		body: `**Non.** Le maire représente la commune, responsable des traitements : il ne peut pas contrôler lui-même ce qu’il décide (réponse ministérielle du 27 septembre 2018).

- La CNIL déconseille aussi de désigner un conseiller municipal.
- Un secrétaire de mairie peut être désigné, mais la CNIL prévient qu’il risque de manquer de temps et d’indépendance : notez dans l’application comment ils lui sont garantis.
- Le maire reste responsable : désigner un délégué ne l’exonère de rien.`,
		sources: [CNIL_DPD_COLLECTIVITE, GDPR]
	},
	{
		kind: 'question',
		target: 'step:dpd/independance',
		title: 'La secrétaire de mairie peut-elle être la déléguée de la commune ?',
		body: `**Oui**, c’est le choix du GIP pour les petites communes, mais la CNIL met en garde : une secrétaire de mairie peut **manquer de temps et d’indépendance**.

Avant la déclaration, la CNIL demande de vérifier trois points :
- la compétence (connaissances juridiques et techniques, connaissance de la commune) ;
- des moyens suffisants (temps, ressources, accès aux données, joignable) ;
- l’indépendance (pas d’instruction sur la mission, pas de sanction pour l’avoir exercée, rend compte au maire).

Écrivez dans l’étape comment le temps et l’indépendance sont assurés (par exemple un créneau réservé chaque semaine) : c’est ce qu’un contrôleur regardera.`,
		sources: [CNIL_DPD_COLLECTIVITE, GDPR]
	},
	{
		kind: 'question',
		target: 'step:dpd/lettre',
		title: 'Faut-il une délibération du conseil municipal pour désigner le délégué ?',
		body: `D’après le guide de la CNIL sur le délégué, tel qu’il est présenté aux collectivités, **aucune délibération n’est exigée** : le maire désigne le délégué par un arrêté et le déclare à la CNIL avec son formulaire en ligne. Ce point vient d’un résumé du guide : vérifiez-le sur la page de la CNIL ci-dessous.

L’AMF conseille d’**informer le conseil municipal et les agents** de la désignation. Le maire et le délégué signent la lettre de mission.`,
		sources: [CNIL_DPD_COLLECTIVITE]
	},
	{
		kind: 'question',
		target: 'recipe:dpd',
		title: 'Plusieurs communes peuvent-elles partager le même délégué ?',
		body: `**Oui.** Plusieurs organismes publics peuvent désigner un même délégué (article 37(3) du RGPD ; loi 2018-493, article 31) : par une convention entre communes, avec l’EPCI, le centre de gestion, un syndicat ou un prestataire.

Avec un délégué mutualisé ou extérieur, l’AMF conseille de nommer dans chaque commune un **correspondant** qui connaît les fichiers de la mairie.`,
		sources: [GDPR, CNIL_DPD_COLLECTIVITE]
	},
	{
		kind: 'question',
		target: 'step:securite/mobiles',
		title: 'Le téléphone du maire sert à prévenir les habitants : que faut-il faire ?',
		body: `Envoyer par SMS les alertes météo de la préfecture aux habitants inscrits est une **activité de traitement** : elle va au registre (activité « Alerte des habitants » du catalogue), avec le consentement des inscrits.

Et le téléphone doit être protégé :
- un **code de verrouillage** et le verrouillage automatique de l’écran ;
- les mises à jour du téléphone ;
- la liste des inscrits rangée à part des contacts personnels, et supprimée du téléphone s’il change de main.`,
		sources: []
	},
	{
		kind: 'question',
		target: 'catalogue:alerte-sms',
		title: 'Faut-il recueillir le consentement pour l’alerte inondation ?',
		body: `**Oui.** L’inscription au fichier d’alerte (inondation, météo, téléalerte) est **volontaire** : la base légale est le consentement.

- Ne demandez que ce qui sert à prévenir : téléphone, e-mail, adresse.
- Gardez la **preuve du consentement** (le formulaire signé ou le courriel d’inscription) : la CNIL la demande.
- Dites comment se désinscrire, et supprimez les données à la désinscription.
- Le fichier ne doit pas devenir un fichier de population utilisé à d’autres fins.`,
		sources: [GDPR]
	},
	{
		kind: 'question',
		target: 'catalogue:videoprotection',
		title: 'Combien de temps garder les images de vidéoprotection ?',
		body: `**Un mois au plus** (Code de la sécurité intérieure), ou moins si l’arrêté préfectoral d’autorisation le prévoit. Au-delà, les images sont effacées, sauf si elles servent à une procédure.

- Le système doit être autorisé par le préfet (autorisation de 5 ans) et signalé par des panneaux.
- Aucune caméra ne filme l’intérieur des habitations.
- Une AIPD est probable : surveillance systématique de la voie publique.

Une commune a été mise en demeure par la CNIL pour des images gardées plus de 6 mois, une mauvaise horodatation, l’absence d’information et de journal des accès.`,
		sources: [CNIL_VIDEO]
	},
	{
		kind: 'question',
		target: 'catalogue:lettre-information',
		title: 'Une lettre d’information a-t-elle besoin du nom des abonnés ?',
		body: `**Non** : une adresse e-mail suffit. C’est le principe de **minimisation** : ne collecter que ce qui sert.

- Les autres champs (nom, commune…) restent facultatifs.
- L’abonnement repose sur le consentement : un lien de désinscription dans chaque envoi.
- Jamais d’usage politique ou commercial de la liste des abonnés.`,
		sources: [GDPR]
	},
	{
		kind: 'question',
		target: 'step:cartographie/papier',
		title: 'Doit-on répertorier les archives papier ?',
		body: `**Oui.** Un fichier papier structuré (classé par nom, par date…) est soumis au RGPD comme un fichier informatique. Les stagiaires oublient souvent :
- le **registre de l’urbanisme** ;
- la liste des bénéficiaires du **colis de Noël**, utilisée une fois par an ;
- le dossier enfoui dans une armoire.

Attention : les archives publiques ne se détruisent pas librement. Il faut le **visa des Archives départementales** (Code du patrimoine, article L212-2).`,
		sources: []
	},
	{
		kind: 'question',
		target: 'catalogue:registre-canicule',
		title: 'Registre canicule : quelles données peut-on y inscrire ?',
		body: `L’inscription est **volontaire** (par la personne ou par un tiers) et réservée aux personnes de 65 ans et plus, de 60 ans et plus inaptes au travail, et aux adultes handicapés (Code de l’action sociale et des familles, article L121-6-1).

- Données utiles : identité, âge, adresse, téléphone, personne à prévenir.
- Les données de santé sont **en principe excessives**.
- Le registre ne sert que lorsque le préfet déclenche le plan d’alerte.
- Tenez-le à jour et supprimez une inscription dès qu’on le demande.

Personnes vulnérables, peut-être des données de santé : une AIPD est probable.`,
		sources: [CNIL_AIPD]
	},
	{
		kind: 'question',
		target: 'step:violations/registre',
		title: 'Que faire d’un courriel envoyé au mauvais destinataire ?',
		body: `C’est une **violation de données** (de confidentialité), même petite.

- Demandez au destinataire de supprimer le message et de le confirmer.
- **Inscrivez-la au registre des violations** : tout incident y va, même sans risque (article 33(5) du RGPD).
- S’il y a un risque pour les personnes, **notifiez la CNIL dans les 72 heures** après la découverte.
- Si le risque est élevé (données sociales, de santé…), informez aussi les personnes concernées.`,
		sources: [GDPR]
	},
	{
		kind: 'question',
		target: 'step:droits/demandes',
		title: 'Quel délai pour répondre à une demande d’accès à ses données ?',
		body: `**Un mois** à compter de la réception de la demande (article 12(3) du RGPD). Ce délai peut être prolongé de **deux mois** si la demande est complexe ou s’il y en a beaucoup, à condition de **prévenir la personne dans le premier mois**.

L’application compte le délai pour vous : un mois se termine le même jour du mois suivant (ou le dernier jour du mois s’il n’existe pas).`,
		sources: [GDPR]
	},
	{
		kind: 'question',
		target: 'step:registre/fiches',
		title: 'Peut-on utiliser le numéro de sécurité sociale (NIR) ?',
		body: `**Seulement dans les cas prévus par le décret-cadre 2019-341** : la protection sociale, la paie des agents, l’aide sociale du CCAS… Ailleurs, ne le demandez pas et ne le conservez pas.

Dans la fiche du registre, cochez-le parmi les **données sensibles** : un contrôleur vérifiera que l’activité est bien de celles qui l’autorisent.`,
		sources: [GDPR]
	},
	{
		kind: 'question',
		target: 'catalogue:site-web',
		title: 'Les cookies de mesure d’audience du site demandent-ils un consentement ?',
		body: `**Pas toujours.** Ils en sont dispensés seulement s’ils servent **uniquement** aux statistiques anonymes du site de la commune, sans partage avec d’autres.

- Durée de vie des cookies : **13 mois** au plus.
- Données collectées : conservées **25 mois** au plus.

Un outil qui croise les données ou les réutilise pour la publicité demande un consentement préalable.`,
		sources: []
	},
	{
		kind: 'astuce',
		target: 'step:securite/sauvegardes',
		title: 'Une sauvegarde débranchée après chaque copie',
		body: `Après une attaque, c’est la sauvegarde qui permet à la mairie de continuer à travailler. Un rançongiciel chiffre aussi **le disque resté branché**.

- **Débranchez** le disque de sauvegarde après chaque copie.
- Rangez-le **hors du bureau** (ou gardez-en une copie ailleurs) et chiffrez-le.
- **Testez** une restauration de temps en temps : une sauvegarde jamais relue n’est pas une sauvegarde.`,
		sources: [CYBERMALVEILLANCE]
	},
	{
		kind: 'astuce',
		target: 'step:securite/mots-de-passe',
		title: 'Un mot de passe solide selon la CNIL (délibération 2022-100)',
		body: `Un mot de passe utilisé seul doit être long :
- **12 caractères** au moins, avec majuscules, minuscules, chiffres et caractères spéciaux ;
- ou **14 caractères** au moins sans caractères spéciaux ;
- ou une **phrase de passe** d’au moins **7 mots**.

La CNIL ne demande plus de changer de mot de passe à intervalles réguliers ; en revanche, **un mot de passe différent pour chaque compte**, et jamais conservé en clair : ni dans un fichier, ni sur un papier collé à l’écran.`,
		sources: []
	},
	{
		kind: 'question',
		target: 'catalogue:cantine-periscolaire',
		title: 'Faut-il une AIPD pour la cantine et le périscolaire ?',
		body: `**Non** : les services scolaires, périscolaires et de petite enfance sont sur la liste de la CNIL des traitements **dispensés** d’AIPD (délibération 2019-118).

Mais restez minimal : des informations de santé ou de régime alimentaire seulement si elles sont nécessaires pour l’enfant, **jamais** l’origine ni la religion.`,
		sources: [CNIL_AIPD]
	},
	{
		kind: 'question',
		target: 'catalogue:ccas-aide-sociale',
		title: 'Le CCAS doit-il faire une analyse d’impact (AIPD) ?',
		body: `**Oui** pour l’aide sociale : l’accompagnement social ou médico-social figure sur la liste de la CNIL des traitements pour lesquels une AIPD est **obligatoire** (délibération 2018-327).

- Le NIR y est autorisé.
- Base active : 2 ans après le dernier contact (référentiel de la CNIL pour le secteur social).

La recette « Évaluer les risques » conduit l’analyse avec la méthode de la CNIL.`,
		sources: [CNIL_AIPD, 'https://github.com/LINCnil/pia']
	},
	{
		kind: 'question',
		target: 'catalogue:colis-aines',
		title: 'Comment établir la liste du colis des aînés ?',
		body: `À partir de l’**âge** et de l’**adresse**, **jamais** d’après la consonance des noms.

Notez la liste au registre, même si elle ne sert qu’une fois par an, et ne la gardez pas au-delà de ce qui est utile à la campagne.`,
		sources: []
	},
	{
		kind: 'question',
		target: 'recipe:registre',
		title: 'Que doit contenir chaque fiche du registre ?',
		body: `L’article 30(1) du RGPD demande, pour chaque activité :
- le nom et les coordonnées du responsable (la commune, représentée par le maire) et du **délégué** ;
- les **finalités** ;
- les catégories de personnes et de données ;
- les destinataires ;
- les transferts hors de l’Union européenne ;
- si possible, les **durées de conservation** ;
- si possible, les **mesures de sécurité**.

Le registre se tient par écrit (un format électronique convient) et se montre à la CNIL sur demande.`,
		sources: [GDPR]
	},
	{
		kind: 'question',
		target: 'general',
		title: 'Que demande la CNIL en premier lors d’un contrôle ?',
		body: `La **documentation RGPD** : le registre des traitements, les procédures (demandes des personnes, violations) et les documents de sécurité. Les contrôles se font sur place, en ligne, sur pièces ou sur audition.

Le dossier de conformité de l’application rassemble tout cela : **daté et tracé**, il montre que la commune est engagée dans la démarche.`,
		sources: []
	},
	{
		kind: 'question',
		target: 'step:dpd/cnil',
		title: 'Que risque une commune qui n’a pas désigné de délégué ?',
		body: `Le délégué est **obligatoire pour tout organisme public**, quelle que soit sa taille (article 37(1)(a) du RGPD). En 2022, la CNIL a mis en demeure 22 communes de plus de 20 000 habitants de désigner le leur **dans un délai de 4 mois**.

Une fois désigné, le délégué est déclaré avec le formulaire en ligne de la CNIL, et ses coordonnées sont publiées (site, formulaires de la mairie).`,
		sources: [CNIL_DPD_MISES_EN_DEMEURE, GDPR]
	}
];

/** Creates the entries that do not exist yet (matched by title); returns how many were created. */
export async function seedAdvice(db: Db, author: AdviceUser, now?: Date): Promise<number> {
	const existing = new Set(
		(await db.select({ title: advice.title }).from(advice).where(inArray(advice.title, SEED_ADVICE.map((a) => a.title)))).map((r) => r.title)
	);
	let created = 0;
	for (const entry of SEED_ADVICE) {
		if (existing.has(entry.title)) continue;
		await createAdvice(db, author, { ...entry, sources: entry.sources.join('\n') }, { now });
		created += 1;
	}
	return created;
}
