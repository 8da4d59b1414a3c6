// The evidence ladder's rules: a rung needs what it and every rung below it need of the content.
import { expect } from 'chai';
import { evidenceJudgementSchema, highestSupported, missingFor } from '../../../src/domain/evidence.js';
import { practiceInput } from '../../support/practices.js';

describe('the evidence ladder', () => {
  const described = practiceInput({ sections: { aanpak: 'Elke nieuwkomer krijgt een buddy.' } });
  const founded = practiceInput({ sections: { aanpak: 'Elke nieuwkomer krijgt een buddy.' }, workingElements: 'Een vaste vertrouwenspersoon.' });
  const evaluated = practiceInput({ sections: { aanpak: 'Elke nieuwkomer krijgt een buddy.' }, workingElements: 'Een vaste vertrouwenspersoon.', evaluation: { kind: 'extern', url: 'https://example.org/rapport.pdf' } });

  it('supports no rung without a description of the approach', () => {
    expect(highestSupported(practiceInput())).to.equal(undefined);
    expect(missingFor('beschreven', practiceInput())).to.deep.equal(['een beschrijving van de aanpak']);
  });

  it('climbs with the content: described, then founded on working elements, then evaluated', () => {
    expect(highestSupported(described)).to.equal('beschreven');
    expect(highestSupported(founded)).to.equal('onderbouwd');
    expect(highestSupported(evaluated)).to.equal('geevalueerd');
  });

  it('never claims the content alone supports "overgenomen", yet lets a moderator choose it for evaluated content', () => {
    expect(missingFor('overgenomen', evaluated)).to.deep.equal([]);
    expect(evidenceJudgementSchema(evaluated).safeParse({ level: 'overgenomen', justification: 'Loopt ook in Zwevegem sinds 2023.' }).success).to.equal(true);
  });

  it('does not count an evaluation of kind "geen", or one without summary or report', () => {
    expect(missingFor('geevalueerd', { ...founded, evaluation: { kind: 'geen', summary: 'Niet geëvalueerd.' } })).to.have.length(1);
    expect(missingFor('geevalueerd', { ...founded, evaluation: { kind: 'intern', summary: undefined } })).to.have.length(1);
  });

  it('refuses a rung the content does not support with a Dutch message naming what is missing; "geen" always passes', () => {
    const refused = evidenceJudgementSchema(described).safeParse({ level: 'onderbouwd', justification: 'Werkt goed.' });
    expect(refused.success).to.equal(false);
    expect(refused.error?.issues[0]?.message).to.contain('de werkzame elementen ontbreekt');
    expect(evidenceJudgementSchema(practiceInput()).safeParse({ level: 'geen', justification: 'Nog te lezen.' }).success).to.equal(true);
  });
});
