/**
 * CONFIGURATION: who manages this installation of Praktijkbank. The privacy and accessibility
 * statements name it as the controller of the data and the address for questions and complaints, and
 * a practice's page sends its makers there to complete it. Replace it with the managing organisation's
 * name and a way to reach it before going live.
 */
export const MANAGING_ORGANISATION = 'de beheerder van Praktijkbank';
