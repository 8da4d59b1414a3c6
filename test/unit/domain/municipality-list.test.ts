import { expect } from 'chai';

import { MUNICIPALITY_LIST, MUNICIPALITY_LIST_SOURCE } from '../../../src/domain/municipality-list.js';

function byName(name: string) {
  return MUNICIPALITY_LIST.find((m) => m.name === name);
}

/** The province a REFNIS code belongs to, read from its leading digits. */
function provinceOfNisCode(nisCode: string): string {
  if (nisCode.startsWith('1')) return 'antwerpen';
  if (nisCode.startsWith('23') || nisCode.startsWith('24')) return 'vlaams-brabant';
  if (nisCode.startsWith('3')) return 'west-vlaanderen';
  if (nisCode.startsWith('4')) return 'oost-vlaanderen';
  if (nisCode.startsWith('7')) return 'limburg';
  return 'not a Flemish province';
}

describe('the list of Flemish municipalities', () => {
  it('is valid from 1 January 2025 and names Statbel as its source', () => {
    expect(MUNICIPALITY_LIST_SOURCE.validFrom).to.equal('2025-01-01');
    expect(MUNICIPALITY_LIST_SOURCE.publisher).to.equal('Statbel');
    expect(MUNICIPALITY_LIST_SOURCE.url).to.match(/^https:\/\/statbel\.fgov\.be\//);
  });

  it('has 285 municipalities', () => {
    expect(MUNICIPALITY_LIST).to.have.length(285);
  });

  it('gives every municipality a unique five-digit NIS code', () => {
    for (const m of MUNICIPALITY_LIST) expect(m.nisCode, m.name).to.match(/^\d{5}$/);
    const codes = new Set(MUNICIPALITY_LIST.map((m) => m.nisCode));
    expect(codes.size).to.equal(MUNICIPALITY_LIST.length);
  });

  it('gives every municipality a unique, trimmed name', () => {
    for (const m of MUNICIPALITY_LIST) expect(m.name, m.nisCode).to.equal(m.name.trim()).and.not.equal('');
    const names = new Set(MUNICIPALITY_LIST.map((m) => m.name));
    expect(names.size).to.equal(MUNICIPALITY_LIST.length);
  });

  it('is sorted by NIS code', () => {
    const codes = MUNICIPALITY_LIST.map((m) => m.nisCode);
    expect(codes).to.deep.equal([...codes].sort());
  });

  it('puts every municipality in the province its NIS code belongs to', () => {
    for (const m of MUNICIPALITY_LIST) expect(m.province, `${m.nisCode} ${m.name}`).to.equal(provinceOfNisCode(m.nisCode));
  });

  it('counts 67 in Antwerpen, 38 in Limburg, 55 in Oost-Vlaanderen, 63 in Vlaams-Brabant and 62 in West-Vlaanderen', () => {
    const counts: Record<string, number> = {};
    for (const m of MUNICIPALITY_LIST) counts[m.province] = (counts[m.province] ?? 0) + 1;
    expect(counts).to.deep.equal({
      antwerpen: 67,
      limburg: 38,
      'oost-vlaanderen': 55,
      'vlaams-brabant': 63,
      'west-vlaanderen': 62,
    });
  });

  describe('after the mergers of 1 January 2025', () => {
    const mergedAway = [
      'Borsbeek',
      'Kruibeke',
      'Zwijndrecht',
      'Beveren',
      'Hoeselt',
      'Borgloon',
      'Kortessem',
      'Ham',
      'De Pinte',
      'Nazareth',
      'Melle',
      'Merelbeke',
      'Moerbeke',
      'Wachtebeke',
      'Meulebeke',
      'Ruiselede',
      'Galmaarden',
      'Gooik',
      'Herne',
      'Bilzen',
      'Tongeren',
      'Tessenderlo',
    ];
    for (const name of mergedAway) {
      it(`no longer lists ${name}`, () => {
        expect(byName(name)).to.equal(undefined);
      });
    }

    it('no longer uses the NIS codes of the merged-away municipalities', () => {
      const oldCodes = [
        '11007', // Borsbeek
        '11056', // Zwijndrecht
        '23023', // Galmaarden
        '23024', // Gooik
        '23032', // Herne
        '37007', // Meulebeke
        '37012', // Ruiselede
        '37015', // Tielt (before the merger)
        '37018', // Wingene (before the merger)
        '44012', // De Pinte
        '44034', // Lochristi (before the merger)
        '44040', // Melle
        '44043', // Merelbeke
        '44045', // Moerbeke
        '44048', // Nazareth
        '44073', // Wachtebeke
        '46003', // Beveren
        '46013', // Kruibeke
        '46014', // Lokeren (before the merger)
        '71022', // Hasselt (before the merger)
        '71057', // Tessenderlo
        '71069', // Ham
        '73006', // Bilzen
        '73009', // Borgloon
        '73032', // Hoeselt
        '73040', // Kortessem
        '73083', // Tongeren
      ];
      const codes = new Set(MUNICIPALITY_LIST.map((m) => m.nisCode));
      for (const code of oldCodes) expect(codes.has(code), code).to.equal(false);
    });

    const successors = [
      { nisCode: '11002', name: 'Antwerpen', province: 'antwerpen' }, // + Borsbeek, keeps its code
      { nisCode: '23106', name: 'Pajottegem', province: 'vlaams-brabant' }, // Galmaarden, Gooik, Herne
      { nisCode: '37021', name: 'Wingene', province: 'west-vlaanderen' }, // + Ruiselede
      { nisCode: '37022', name: 'Tielt', province: 'west-vlaanderen' }, // + Meulebeke
      { nisCode: '44086', name: 'Nazareth-De Pinte', province: 'oost-vlaanderen' },
      { nisCode: '44087', name: 'Lochristi', province: 'oost-vlaanderen' }, // + Wachtebeke
      { nisCode: '44088', name: 'Merelbeke-Melle', province: 'oost-vlaanderen' },
      { nisCode: '46029', name: 'Lokeren', province: 'oost-vlaanderen' }, // + Moerbeke
      { nisCode: '46030', name: 'Beveren-Kruibeke-Zwijndrecht', province: 'oost-vlaanderen' }, // Zwijndrecht left Antwerpen
      { nisCode: '71071', name: 'Tessenderlo-Ham', province: 'limburg' },
      { nisCode: '71072', name: 'Hasselt', province: 'limburg' }, // + Kortessem
      { nisCode: '73110', name: 'Bilzen-Hoeselt', province: 'limburg' },
      { nisCode: '73111', name: 'Tongeren-Borgloon', province: 'limburg' },
    ];
    for (const successor of successors) {
      it(`lists ${successor.name} under NIS code ${successor.nisCode}`, () => {
        expect(byName(successor.name)).to.deep.equal(successor);
      });
    }
  });

  it('spells names officially, with their hyphens and spaces', () => {
    for (const name of ['Sint-Genesius-Rode', 'Zwalm', 'Heist-op-den-Berg', 'Puurs-Sint-Amands', 'De Panne', 'Spiere-Helkijn']) {
      expect(byName(name), name).to.not.equal(undefined);
    }
  });
});
