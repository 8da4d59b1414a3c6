// The sector's abbreviations and what they stand for. Edit freely: each line is a group of terms that
// mean the same; a practice that mentions one of them is also found under the others. The index is
// rebuilt at every start, so a change here takes effect at the next start.
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['CAW', 'centrum algemeen welzijnswerk', 'centra algemeen welzijnswerk'],
  ['OCMW', 'openbaar centrum voor maatschappelijk welzijn', 'sociaal huis'],
  ['GBO', 'geïntegreerd breed onthaal'],
  ['LSB', 'lokaal sociaal beleid'],
  ['VVSG', 'Vereniging van Vlaamse Steden en Gemeenten'],
  ['WVG', 'Welzijn, Volksgezondheid en Gezin'],
  ['IFG', 'intrafamiliaal geweld'],
  ['VIPA', 'Vlaams Infrastructuurfonds voor Persoonsgebonden Aangelegenheden'],
  ['GGZ', 'geestelijke gezondheidszorg'],
  ['buitenschoolse opvang', 'BKO', 'buitenschoolse kinderopvang', 'IBO', 'initiatief buitenschoolse opvang', 'BOA', 'buitenschoolse opvang en activiteiten'],
  ['LOI', 'lokaal opvanginitiatief', 'lokale opvanginitiatieven'],
  ['1G1P', 'één gezin, één plan'],
  ['mantelzorg', 'informele zorg'],
  // Everyday words for what the source texts name formally.
  ['verzoeker om internationale bescherming', 'vluchteling', 'asielzoeker', 'VIB'],
  ['woonzorgcentrum', 'rusthuis', 'WZC'],
  ['kinderopvang', 'crèche', 'kinderdagverblijf'],
  ['landbouwer', 'boer'],
];
