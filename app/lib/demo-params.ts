import { KITCHEN_DEFAULTS, type KitchenParams } from '../../scenarios/index.ts';
import { parseDuration } from '../../formats/index.ts';
import { formatDuration } from './format.ts';

/** The longest scenario generated in the browser; longer ones are for the CLI (`--out`). */
export const MAX_DEMO_DURATION_MS = 3 * 86_400_000;

/** The demo form's fields as typed. */
export interface DemoFields {
  seed: string;
  duration: string;
}

/** The fields of the built-in demo. */
export const DEMO_FIELDS: DemoFields = {
  seed: String(KITCHEN_DEFAULTS.seed),
  duration: `${KITCHEN_DEFAULTS.durationMs / 3_600_000}h`,
};

/** Parsed demo fields: scenario parameters and the name to show, or what is wrong. */
export type DemoChoice =
  { ok: true; params: Partial<KitchenParams>; name: string } | { ok: false; error: string };

/**
 * The kitchen scenario parameters of the demo form: a seed 0–4294967295 and a duration such as
 * `6h` or `1h30m`, at most {@link MAX_DEMO_DURATION_MS}. The rest are the scenario's defaults.
 */
export function parseDemoFields(fields: DemoFields): DemoChoice {
  const seedText = fields.seed.trim();
  const seed = Number(seedText);
  if (!/^\d+$/.test(seedText) || !Number.isSafeInteger(seed) || seed > 0xffff_ffff) {
    return {
      ok: false,
      error: `invalid seed "${fields.seed}": expected a whole number 0–4294967295`,
    };
  }
  let durationMs: number;
  try {
    durationMs = parseDuration(fields.duration);
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  if (durationMs > MAX_DEMO_DURATION_MS) {
    return {
      ok: false,
      error:
        `invalid duration "${fields.duration}": at most ${formatDuration(MAX_DEMO_DURATION_MS)} ` +
        'in the browser (record longer ones with `tapedeck scenario kitchen --out`)',
    };
  }
  const params: Partial<KitchenParams> = {};
  if (seed !== KITCHEN_DEFAULTS.seed) params.seed = seed;
  if (durationMs !== KITCHEN_DEFAULTS.durationMs) params.durationMs = durationMs;
  const name = `kitchen demo · seed ${seed} · ${formatDuration(durationMs)}`;
  return { ok: true, params, name };
}
