// Lookups over the official list of Flemish municipalities (the data lives in municipality-list.ts).
import { MUNICIPALITY_LIST } from './municipality-list.js';
import type { Province } from './vocabulary.js';

export interface Municipality {
  /** The NIS code (REFNIS) Statbel gives the municipality, five digits. */
  readonly nisCode: string;
  readonly name: string;
  readonly province: Province;
}

const byCode: ReadonlyMap<string, Municipality> = new Map(MUNICIPALITY_LIST.map((m) => [m.nisCode, m]));

export const MUNICIPALITIES: readonly Municipality[] = [...MUNICIPALITY_LIST].sort((a, b) =>
  a.name.localeCompare(b.name, 'nl'),
);

export function isMunicipalityCode(code: string): boolean {
  return byCode.has(code);
}

export function municipalityByCode(code: string): Municipality | undefined {
  return byCode.get(code);
}
