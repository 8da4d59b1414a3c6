import { expect } from 'chai';

import type { Practice, PracticeInput } from '../../../src/domain/practice.js';
import { SearchIndexRepository } from '../../../src/store/search-index-repository.js';
import { type TestStore, makeTempDir, openSeededStore, practiceInput, removeTempDir } from '../fixtures.js';

/** What a person provides of a stored practice: the input to update it with. */
function inputOf(practice: Practice): PracticeInput {
  const { id, slug, status, createdAt, updatedAt, publishedAt, ...input } = practice;
  void [id, slug, status, createdAt, updatedAt, publishedAt];
  return input;
}

describe('SearchIndexRepository', () => {
  let dir: string | undefined;
  let store: TestStore;
  let repository: SearchIndexRepository;

  beforeEach(() => {
    dir = makeTempDir();
    store = openSeededStore(dir);
    repository = new SearchIndexRepository(store.db);
  });

  afterEach(() => {
    store?.db.close();
    removeTempDir(dir);
    dir = undefined;
  });

  it('has no stored index in a new database', () => {
    expect(repository.load()).to.equal(undefined);
  });

  it('gives back the stored index with its version and revisions, and replaces it', () => {
    const bytes = Uint8Array.from([1, 2, 3, 250]);
    repository.save({ version: 7, revisions: new Map([[1, '4'], [2, '9']]), bytes });
    const loaded = repository.load()!;
    expect(loaded.version).to.equal(7);
    expect([...loaded.revisions]).to.deep.equal([[1, '4'], [2, '9']]);
    expect(Array.from(loaded.bytes)).to.deep.equal([1, 2, 3, 250]);
    repository.save({ version: 8, revisions: new Map(), bytes: Uint8Array.from([5]) });
    expect(repository.load()?.version).to.equal(8);
    expect(store.db.prepare('SELECT count(*) FROM search_index').pluck().get()).to.equal(1);
  });

  it('lists the published practices with the catalogue version, in one read', () => {
    const state = repository.publishedRevisions()!;
    expect(state.version).to.equal(store.practices.catalogueVersion());
    expect([...state.revisions.keys()].sort((a, b) => a - b)).to.deep.equal(store.practices.listPublished().map((p) => p.id).sort((a, b) => a - b));
    store.practices.insert({ slug: 'wacht', status: 'pending', input: practiceInput() });
    expect(repository.publishedRevisions()!.revisions.size).to.equal(state.revisions.size);
  });

  it('gives a practice a new revision at every change, and only that practice', () => {
    const before = repository.publishedRevisions()!.revisions;
    const practice = store.practices.findBySlug('gbo-zoersel')!;
    const input = inputOf(practice);
    // The same content and the same moment, twice: still two new revisions.
    store.practices.update(practice.id, input, practice.updatedAt);
    const once = repository.publishedRevisions()!.revisions;
    store.practices.update(practice.id, input, practice.updatedAt);
    const twice = repository.publishedRevisions()!.revisions;
    expect(once.get(practice.id)).to.not.equal(before.get(practice.id));
    expect(twice.get(practice.id)).to.not.equal(once.get(practice.id));
    for (const [id, revision] of before) if (id !== practice.id) expect(twice.get(id), `practice ${id}`).to.equal(revision);
  });

  it('never hands out a revision twice, not even to a practice stored under the id of a deleted one', () => {
    const id = store.practices.insert({ slug: 'kort-leven', status: 'published', input: practiceInput() });
    const first = repository.publishedRevisions()!.revisions.get(id);
    store.db.prepare('DELETE FROM practices WHERE id = ?').run(id);
    const again = store.practices.insert({ slug: 'kort-leven', status: 'published', input: practiceInput() });
    expect(again).to.equal(id);
    expect(repository.publishedRevisions()!.revisions.get(id)).to.not.equal(first);
  });

  it('answers "nothing stored" rather than failing on a database without its tables', () => {
    store.db.exec('DROP TABLE search_index; DROP TABLE practice_revisions');
    expect(repository.load()).to.equal(undefined);
    expect(repository.publishedRevisions()).to.equal(undefined);
  });
});
