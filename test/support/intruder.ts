import loadHighs from 'highs';
import { seededRandom } from './seeded-random';
import { SUPPRESSED, type DisclosureRules, type Figure } from '../../lib/domain/disclosure/cell-key';

/**
 * The intruder of issue 14: an evaluator who collects every answer they can get and solves for what is hidden.
 *
 * The unknowns are the true counts of each family (children, children at each level of a domain) on each day, in
 * each finest cell (cohort quarter × municipality × risk level). What the intruder knows:
 * - each answer bounds the true sum of its cells, as far as the published method allows: a shown value v is
 *   v ± D (and at least 1), a suppressed one 1 to k − 1 + D (anything, where complementary suppression may have
 *   hidden it), a 0 is 0 to D;
 * - every child has exactly one level per domain;
 * - between two days, children were only added, and how many.
 * A linear program then gives, for each target, the least and the greatest true value consistent with all of it.
 * A target is disclosed when the two meet: one value is left.
 */

export interface Observation {
  family: string;
  /** A sum over several families (a margin of the referral figures); `family` alone otherwise. */
  families?: readonly string[];
  day: string;
  cells: readonly string[];
  shown: Figure;
  /** Complementary suppression may have hidden it: then a suppressed value says nothing of its size. */
  complementMayHide: boolean;
}

export interface Target {
  description: string;
  /** Coefficients of the unknowns, by `family|day|cell`. */
  terms: ReadonlyMap<string, number>;
  truth: number;
}

export interface World {
  days: readonly string[];
  cells: readonly string[];
  /** Per domain studied, its level families; `children` is always a family. */
  domains: Readonly<Record<string, readonly string[]>>;
  /** Children added between consecutive days: `added[i]` from `days[i]` to `days[i + 1]`. */
  added: readonly number[];
}

export const variable = (family: string, day: string, cell: string) => `${family}|${day}|${cell}`;

/** The true counts an answer can have, for the intruder, given what it shows. */
export function boundsOf(observation: Observation, rules: DisclosureRules): { min: number; max?: number } {
  const d = rules.table.maxNoise;
  const { shown } = observation;
  if (shown === SUPPRESSED) return observation.complementMayHide ? { min: 0 } : { min: 1, max: rules.k - 1 + d };
  if (shown === 0) return { min: 0, max: d };
  return { min: Math.max(1, shown - d), max: shown + d };
}

interface Row {
  terms: ReadonlyMap<string, number>;
  min: number;
  max: number;
}

/** What the intruder knows, as rows over the unknowns. */
function knowledgeOf(world: World, observations: readonly Observation[], rules: DisclosureRules): { unknowns: string[]; rows: Row[] } {
  const families = ['children', ...Object.values(world.domains).flat()];
  const unknowns = families.flatMap((family) => world.days.flatMap((day) => world.cells.map((cell) => variable(family, day, cell))));
  const rows: Row[] = [];
  // Every child has one level per domain.
  for (const levels of Object.values(world.domains)) {
    for (const day of world.days) {
      for (const cell of world.cells) {
        const terms = new Map<string, number>([[variable('children', day, cell), -1]]);
        for (const level of levels) terms.set(variable(level, day, cell), 1);
        rows.push({ terms, min: 0, max: 0 });
      }
    }
  }
  // Between days, children were only added, none changed, and the intruder knows how many were added.
  world.added.forEach((added, i) => {
    const [from, to] = [world.days[i]!, world.days[i + 1]!];
    for (const family of families) {
      for (const cell of world.cells) rows.push({ terms: new Map([[variable(family, to, cell), 1], [variable(family, from, cell), -1]]), min: 0, max: Infinity });
    }
    const total = new Map(world.cells.flatMap((cell) => [[variable('children', to, cell), 1] as const, [variable('children', from, cell), -1] as const]));
    rows.push({ terms: total, min: added, max: added });
  });
  // What each distinct answer shows.
  const seen = new Set<string>();
  for (const observation of observations) {
    const families = observation.families ?? [observation.family];
    const key = JSON.stringify([families, observation.day, [...observation.cells].sort(), observation.shown, observation.complementMayHide]);
    if (seen.has(key)) continue;
    seen.add(key);
    const { min, max } = boundsOf(observation, rules);
    const terms = new Map(families.flatMap((family) => observation.cells.map((cell) => [variable(family, observation.day, cell), 1] as const)));
    rows.push({ terms, min, max: max ?? Infinity });
  }
  return { unknowns, rows };
}

export interface Disclosure {
  description: string;
  truth: number;
  value: number;
}

/**
 * Every target the answers pin to one value; empty when the protection holds. The unknowns are whole numbers, so the
 * intruder solves integer programs (HiGHS), which bound a target at least as tightly as their linear relaxation.
 *
 * The true counts are one consistent world; every solution an integer program returns is another, and so is every
 * whole-numbered solution of the relaxation. A target on which a known world differs from the truth is not pinned,
 * with no program of its own, so the worlds found (a few drawn with random objectives, the first whole-numbered
 * solution of each, then every extreme solved)
 * settle most targets. Of the rest, a target whose relaxation already meets the truth from both sides is pinned (the
 * integer bounds lie between the relaxation's and the truth), which a warm-started simplex tells in milliseconds. For
 * the others the integer program looks for a world with the target below its truth, then above it: the target is
 * pinned exactly when neither exists, which is what its least and greatest value would say, and the first such world
 * found ends the search where the extreme needed the search to its end.
 */
export async function disclosures(world: World, observations: readonly Observation[], targets: readonly Target[], rules: DisclosureRules): Promise<Disclosure[]> {
  const highs = await loadHighs();
  const { unknowns, rows } = knowledgeOf(world, observations, rules);
  const index = new Map(unknowns.map((name, i) => [name, i]));
  const finite = (bound: number) => (Number.isFinite(bound) ? bound : Math.sign(bound) * highs.infinity);
  const sparseRows = rows.map((row) => ({ ...row, entries: [...row.terms].map(([name, value]) => [index.get(name)!, value] as const) }));
  const build = (integer: boolean) => {
    const model = highs.createModel();
    model.options.set({ output_flag: false });
    model.addVars(unknowns.map(() => 0), unknowns.map(() => highs.infinity));
    if (integer) unknowns.forEach((_, i) => model.changeColIntegrality(i, highs.constants.variableType.integer));
    for (const { min, max, entries } of sparseRows) model.addRow(finite(min), finite(max), { indices: entries.map(([i]) => i), values: entries.map(([, v]) => v) });
    return model;
  };
  /** A relaxed solution as a world: when it is whole-numbered and, once rounded, meets every row exactly. */
  const asWorld = (solution: Float64Array): Float64Array | undefined => {
    const rounded = solution.map(Math.round);
    if (rounded.some((x, i) => Math.abs(x - solution[i]!) > 1e-6)) return undefined;
    const holds = sparseRows.every(({ min, max, entries }) => {
      const sum = entries.reduce((total, [i, v]) => total + v * rounded[i]!, 0);
      return sum >= min && sum <= max;
    });
    return holds ? rounded : undefined;
  };
  const relaxation = build(false);
  // Each target changes the objective alone, so the last basis stays feasible: primal simplex goes on from it, where
  // presolve and dual simplex (HiGHS's defaults) start over (the control attacks' relaxations: a third less time).
  relaxation.options.set({ presolve: 'off', simplex_strategy: PRIMAL_SIMPLEX });
  const integer = build(true);
  try {
    const worlds: Float64Array[] = [];
    type Costs = ReadonlyArray<readonly [number, number]>;
    /** Runs the model on an objective and reads it before the objective is cleared again, which clears the solution too. */
    const runOn = <T>(model: typeof integer, costs: Costs, sense: 'minimize' | 'maximize', read: (status: number) => T): T => {
      for (const [i, cost] of costs) model.changeColCost(i, cost);
      model.changeObjectiveSense(highs.constants.objectiveSense[sense]);
      const result = read(model.run().modelStatus);
      for (const [i] of costs) model.changeColCost(i, 0);
      return result;
    };
    /** The relaxation's extreme of the target; its solution is kept when it is a world. */
    const extreme = (costs: Costs, sense: 'minimize' | 'maximize', description: string): number => {
      const { modelStatus, value } = runOn(relaxation, costs, sense, (modelStatus) => {
        const value = modelStatus === highs.constants.modelStatus.optimal ? relaxation.getObjectiveValue() : undefined;
        const solution = value === undefined ? undefined : asWorld(relaxation.getSolution().colValue);
        if (solution) worlds.push(solution);
        return { modelStatus, value };
      });
      if (modelStatus === highs.constants.modelStatus.unbounded) return sense === 'maximize' ? Infinity : -Infinity;
      if (value === undefined) throw new Error(`the intruder's model ended with status ${modelStatus}: the published bounds do not hold (${description})`);
      return value;
    };
    // The integer program never needs an optimum: a random world, or a world beyond a target's truth, is its first
    // whole-numbered solution, checked against every row before it settles anything.
    integer.options.set({ mip_max_improving_sols: 1 });
    const random = seededRandom(unknowns.length);
    for (let draw = 0; draw < RANDOM_WORLDS; draw += 1) {
      const world = runOn(integer, unknowns.map((_, i) => [i, random() * 2 - 1] as const), 'minimize', () => asWorld(integer.getSolution().colValue));
      if (world) worlds.push(world);
    }
    const { infeasible, optimal, solutionLimit, unbounded } = highs.constants.modelStatus;
    /**
     * Whether some whole-numbered world puts the target between `lower` and `upper`; the world found is kept (an
     * unbounded program has worlds but names none).
     */
    const worldWithin = (columns: Costs, lower: number, upper: number, sense: 'minimize' | 'maximize', description: string): boolean => {
      const row = rows.length;
      integer.addRow(finite(lower), finite(upper), { indices: columns.map(([i]) => i), values: columns.map(([, v]) => v) });
      try {
        return runOn(integer, columns, sense, (status) => {
          if (status === infeasible) return false;
          if (status === unbounded) return true;
          if (status !== optimal && status !== solutionLimit) throw new Error(`the intruder's model ended with status ${status} (${description})`);
          worlds.push(integer.getSolution().colValue.slice());
          return true;
        });
      } finally {
        integer.deleteRows({ kind: 'range', from: row, to: row });
      }
    };

    const found: Disclosure[] = [];
    for (const target of targets) {
      const columns = [...target.terms].map(([name, cost]) => [index.get(name)!, cost] as const);
      const valueIn = (solution: Float64Array) => Math.round(columns.reduce((sum, [i, cost]) => sum + cost * solution[i]!, 0));
      const settled = () => worlds.some((solution) => valueIn(solution) !== target.truth);
      const relaxationMeets = () =>
        !settled() &&
        Math.ceil(extreme(columns, 'minimize', target.description) - 1e-6) === target.truth &&
        Math.floor(extreme(columns, 'maximize', target.description) + 1e-6) === target.truth;
      const integersMeet = () =>
        !settled() &&
        !worldWithin(columns, -Infinity, target.truth - 1, 'minimize', target.description) &&
        !worldWithin(columns, target.truth + 1, Infinity, 'maximize', target.description);
      if (relaxationMeets() || integersMeet()) found.push({ description: target.description, truth: target.truth, value: target.truth });
    }
    return found;
  } finally {
    relaxation.dispose();
    integer.dispose();
  }
}

/**
 * Worlds drawn before the targets: each settles the targets it differs from the truth on. A draw costs about as much
 * as the few targets a further one would settle (the suite's attacks took a quarter less time with two than with six).
 */
const RANDOM_WORLDS = 2;
/** HiGHS's `simplex_strategy` for primal simplex (its `SimplexStrategy.kSimplexStrategyPrimal`). */
const PRIMAL_SIMPLEX = 4;
