import { expect } from 'chai';
import { uniqueSlug } from '../../../src/domain/submission.js';

describe('uniqueSlug', () => {
  const none = () => false;

  it('makes a lower-case slug of the title, accents folded', () => {
    expect(uniqueSlug('Geïntegreerd breed onthaal in Zoersel', none)).to.equal('geintegreerd-breed-onthaal-in-zoersel');
  });

  it('adds a number when the slug is taken', () => {
    expect(uniqueSlug('Wijkrestaurant', (s) => s === 'wijkrestaurant' || s === 'wijkrestaurant-2')).to.equal('wijkrestaurant-3');
  });

  it('never gives a practice the path of the feed', () => {
    expect(uniqueSlug('Feed', none)).to.equal('feed-2');
    expect(uniqueSlug('Feed!', none)).to.equal('feed-2');
  });
});
