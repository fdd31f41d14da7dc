// Date formatters, made once per set of options and kept: creating an Intl.DateTimeFormat costs far
// more than formatting with it (a register page of 50 rows made 50 of them, a fifth of its time).
const formats = new Map<string, Intl.DateTimeFormat>();

/** The shared `Intl.DateTimeFormat` for these options (French unless another locale is given). */
export function dateFormat(options: Intl.DateTimeFormatOptions, locale = 'fr-FR'): Intl.DateTimeFormat {
	const key = `${locale} ${JSON.stringify(options)}`;
	let format = formats.get(key);
	if (!format) formats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
	return format;
}
