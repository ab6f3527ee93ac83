import { z } from 'zod';

/** Every output layout stereo-spot can write. Adding one here forces every `Record<OutputFormat, …>` to handle it. */
export const OUTPUT_FORMATS = [
  'sbs-full',
  'sbs-half',
  'tb-full',
  'tb-half',
  'cross',
  'anaglyph-dubois',
  'anaglyph-color',
  'anaglyph-gray',
  'anaglyph-halfcolor',
] as const;

export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The seeds' names, kept so old clients and scripts keep working. */
export const FORMAT_ALIASES: Readonly<Record<string, OutputFormat>> = {
  sbs: 'sbs-full',
  anaglyph: 'anaglyph-dubois',
};

export const outputFormatSchema = z.enum(OUTPUT_FORMATS);

function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}

/** Canonical format for a name or alias, or undefined when the name is unknown. */
export function parseOutputFormat(name: string): OutputFormat | undefined {
  if (isOutputFormat(name)) return name;
  return Object.hasOwn(FORMAT_ALIASES, name) ? FORMAT_ALIASES[name] : undefined;
}

/** Accepts canonical names and aliases; always yields the canonical name. */
export const outputFormatInputSchema = z.string().transform((name, ctx) => {
  const format = parseOutputFormat(name);
  if (format === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `unknown format "${name}"; expected one of ${OUTPUT_FORMATS.join(', ')} (aliases: ${Object.keys(FORMAT_ALIASES).join(', ')})`,
    });
    return z.NEVER;
  }
  return format;
});
