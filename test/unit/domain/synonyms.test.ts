// The moderators' synonym list without HTTP: what the form accepts, revisions on a real SQLite file, the
// history's added and removed groups, and the catalogue told about every change.
import { expect } from 'chai';
import type { SynonymGroups } from '../../../src/domain/synonym-store.js';
import {
  currentSynonyms,
  formatSynonyms,
  restoreSynonyms,
  reviseSynonyms,
  synonymHistory,
  synonymListSchema,
  synonymNoteSchema,
  synonymsFollower,
} from '../../../src/domain/synonyms.js';
import { SYNONYM_GROUPS } from '../../../src/search/synonyms.js';
import { ModeratorRepository } from '../../../src/store/moderator-repository.js';
import { SynonymRepository } from '../../../src/store/synonym-repository.js';
import { makeTempDir, openStore, removeTempDir, type TestStore } from '../fixtures.js';

const messagesOf = (text: string) => {
  const parsed = synonymListSchema.safeParse(text);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
};

describe('synonymListSchema', () => {
  it('reads one group per line, terms trimmed, empty lines and CRLF skipped, case kept', () => {
    expect(synonymListSchema.parse(' OCMW ,  sociaal   huis\r\n\r\nouderen,senioren\n')).to.deep.equal([
      ['OCMW', 'sociaal huis'],
      ['ouderen', 'senioren'],
    ]);
  });

  it('accepts the list that comes with the code, as the page shows it', () => {
    expect(synonymListSchema.parse(formatSynonyms(SYNONYM_GROUPS))).to.have.length(SYNONYM_GROUPS.length);
  });

  it('numbers a line as the textarea shows it, empty lines included', () => {
    expect(messagesOf('ouderen, senioren\n\n\nloket')).to.deep.equal(['Regel 4: een groep heeft minstens twee termen']);
  });

  it('finds a term in two groups as search reads it: without case, accents or punctuation', () => {
    expect(messagesOf('crèche, kinderopvang\nCreche, kinderdagverblijf')).to.deep.equal(['Regel 2: de term „Creche” staat ook op regel 1; een term hoort bij één groep']);
    expect(messagesOf('e-inclusie, digitale inclusie\ne inclusie, digitaal')).to.deep.equal(['Regel 2: de term „e inclusie” staat ook op regel 1; een term hoort bij één groep']);
  });

  it('reads a tab as a space, and refuses other control characters and line separators inside a term', () => {
    expect(synonymListSchema.parse('loket\tbalie, onthaal')).to.deep.equal([['loket balie', 'onthaal']]);
    for (const bad of ['loket\u2028balie, onthaal', 'loket\u0000, onthaal', 'loket\u001b[31m, onthaal']) {
      expect(messagesOf(bad), JSON.stringify(bad)).to.have.length(1);
    }
  });

  it('refuses a term of more than six words, and a group of more than 30 terms', () => {
    expect(messagesOf('een twee drie vier vijf zes zeven, kort')).to.deep.equal([
      'Regel 1: de term „een twee drie vier vijf zes zeven” telt meer dan 6 woorden; het zoeken herkent hoogstens 6 woorden na elkaar',
    ]);
    expect(messagesOf(Array.from({ length: 31 }, (_, i) => `term${i}`).join(', '))).to.deep.equal(['Regel 1: een groep heeft hoogstens 30 termen; splits ze of laat er enkele weg']);
  });

  it('names the first 30 bad lines and counts the rest in one message', () => {
    const messages = messagesOf(Array.from({ length: 35 }, (_, i) => `alleen${i}`).join('\n'));
    expect(messages).to.have.length(31);
    expect(messages[30]).to.equal('Nog 5 andere regels hebben een fout. Verbeter eerst de regels hierboven.');
  });
});

describe('synonymNoteSchema', () => {
  it('keeps a short note on one line, and makes an empty one none', () => {
    expect(synonymNoteSchema.parse('  Loket  toegevoegd ')).to.equal('Loket toegevoegd');
    expect(synonymNoteSchema.parse('   ')).to.equal(undefined);
    expect(synonymNoteSchema.parse(undefined)).to.equal(undefined);
    expect(synonymNoteSchema.safeParse('a\nb').error?.issues[0]?.message).to.equal('Schrijf de toelichting op één regel.');
    expect(synonymNoteSchema.safeParse('x'.repeat(201)).error?.issues[0]?.message).to.equal('Houd de toelichting kort: hoogstens 200 tekens.');
  });
});

describe('revising the synonym list', () => {
  let dir: string;
  let store: TestStore;
  let synonyms: SynonymRepository;
  let moderatorId: number;
  let applied: SynonymGroups[];
  const catalogue = { useSynonyms: (groups: SynonymGroups) => void applied.push(groups) };

  beforeEach(() => {
    dir = makeTempDir();
    store = openStore(dir);
    synonyms = new SynonymRepository(store.db);
    const account = new ModeratorRepository(store.db).add({ email: 'an@gemeente.test', passwordHash: 'x', createdAt: '2026-12-01T10:00:00.000Z' });
    if (!account) throw new Error('a new account');
    moderatorId = account.id;
    applied = [];
  });
  afterEach(() => {
    store.db.close();
    removeTempDir(dir);
  });

  it('uses the code’s list until a moderator saves one, then the newest revision', () => {
    expect(currentSynonyms(synonyms)).to.deep.equal({ groups: SYNONYM_GROUPS, revision: undefined });
    const saved = reviseSynonyms({ synonyms, catalogue }, { id: moderatorId }, { text: 'loket, onthaal', note: 'waarom', basedOn: 0 });
    expect(saved.ok).to.equal(true);
    expect(applied).to.deep.equal([[['loket', 'onthaal']]]);
    const current = currentSynonyms(synonyms);
    expect(current.groups).to.deep.equal([['loket', 'onthaal']]);
    expect(current.revision).to.include({ moderatorEmail: 'an@gemeente.test', note: 'waarom' });
  });

  it('saves nothing and tells the catalogue nothing when a colleague saved after the form was opened', () => {
    reviseSynonyms({ synonyms, catalogue }, { id: moderatorId }, { text: 'loket, onthaal', note: '', basedOn: 0 });
    const late = reviseSynonyms({ synonyms, catalogue }, { id: moderatorId }, { text: 'ouderen, senioren', note: '', basedOn: 0 });
    expect(late).to.deep.include({ ok: false, reason: 'conflict' });
    expect(synonyms.list()).to.have.length(1);
    expect(applied).to.have.length(1);
  });

  it('restores a revision and the code’s list as new revisions; an unknown revision is none', () => {
    reviseSynonyms({ synonyms, catalogue }, { id: moderatorId }, { text: 'loket, onthaal', note: '', basedOn: 0 });
    const first = synonyms.latestId();
    reviseSynonyms({ synonyms, catalogue }, { id: moderatorId }, { text: 'ouderen, senioren', note: '', basedOn: first });
    expect(restoreSynonyms({ synonyms, catalogue }, { id: moderatorId }, { revisionId: first })).to.have.property('revisionId');
    expect(currentSynonyms(synonyms).groups).to.deep.equal([['loket', 'onthaal']]);
    expect(restoreSynonyms({ synonyms, catalogue }, { id: moderatorId }, { revisionId: 999 })).to.equal(undefined);
    restoreSynonyms({ synonyms, catalogue }, { id: moderatorId }, 'default');
    expect(currentSynonyms(synonyms).groups).to.deep.equal(SYNONYM_GROUPS);
    expect(synonyms.list().map((r) => r.note)).to.deep.equal(['Standaardlijst teruggezet', `Versie ${first} teruggezet`, undefined, undefined]);
    expect(applied).to.have.length(4);
  });

  it('gives each revision the groups it added and removed, a reordered group being no change', () => {
    reviseSynonyms({ synonyms, catalogue }, { id: moderatorId }, { text: 'loket, onthaal\nouderen, senioren', note: '', basedOn: 0 });
    reviseSynonyms({ synonyms, catalogue }, { id: moderatorId }, { text: 'Senioren, ouderen\nbuddy, maatje', note: '', basedOn: synonyms.latestId() });
    const [newest, first] = synonymHistory(synonyms);
    expect(newest).to.deep.include({ added: [['buddy', 'maatje']], removed: [['loket', 'onthaal']] });
    // The first against the code's list, whose senioren group holds more terms: every group differs.
    expect(first?.added).to.deep.equal([
      ['loket', 'onthaal'],
      ['ouderen', 'senioren'],
    ]);
    expect(first?.removed).to.deep.equal(SYNONYM_GROUPS);
  });

  it('a follower applies the stored list at once, and again only after another save', () => {
    const follow = synonymsFollower({ synonyms, catalogue });
    follow();
    follow();
    expect(applied).to.deep.equal([SYNONYM_GROUPS]);
    // Another process's save, straight into the table.
    new SynonymRepository(store.db).insert({ groups: [['loket', 'onthaal']], moderatorId, at: '2026-12-01T11:00:00.000Z', note: undefined });
    follow();
    follow();
    expect(applied).to.deep.equal([SYNONYM_GROUPS, [['loket', 'onthaal']]]);
  });
});
