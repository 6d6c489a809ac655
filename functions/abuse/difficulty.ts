import { errorName, log } from '../shared/log';
import type { Clock } from '../shared/ports';
import type { Province } from '../shared/province';
import { maxNumberFor, minuteOf, windowOf } from './model';
import type { IntakeRates } from './store';

export interface PressurePorts {
  rates: Pick<IntakeRates, 'between'>;
  province: Pick<Province, 'flood'>;
  clock: Clock;
}

/**
 * How close a place is to a flood now: its reports in the window that ends this minute (the shared
 * count the dispatcher keeps, abuse/store.ts) over its flood threshold. 0 when quiet, 1 at a flood.
 */
export async function placePressure(area: string, ports: PressurePorts): Promise<number> {
  const { windowMinutes, minReports } = ports.province.flood;
  const { from, to } = windowOf(minuteOf(ports.clock.now()), windowMinutes);
  const buckets = await ports.rates.between(area, from, to);
  const count = buckets.reduce((sum, b) => sum + b.n, 0);
  const threshold = buckets.at(-1)?.threshold || minReports;
  return count / threshold;
}

export interface DifficultyPorts {
  /** placePressure, kept a few seconds per place (deps.ts): every challenge and report asks it. */
  pressure(area: string): Promise<number>;
  province: Pick<Province, 'rootArea' | 'challenge'>;
}

/**
 * The maxnumber a proof of work for a place asks now (GET /api/challenge?area=, and the guard of a
 * report for that place): from the higher pressure of the place and the province, so that a place's
 * own flood makes its challenges hardest and a busy province makes every one of them harder. Without a
 * place, the province's. A count that cannot be read counts as quiet: abuse control never
 * stops a report on its own failure.
 */
export async function currentDifficulty(area: string | undefined, ports: DifficultyPorts): Promise<number> {
  const root = ports.province.rootArea;
  const places = area && area !== root ? [area, root] : [root];
  const pressures = await Promise.all(
    places.map((place) =>
      ports.pressure(place).catch((error: unknown) => {
        log.warn('intake rate not read', { area: place, error: errorName(error) });
        return 0;
      }),
    ),
  );
  return maxNumberFor(Math.max(...pressures), ports.province.challenge);
}
