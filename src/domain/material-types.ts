// The kinds of file a practice may carry as material: what a municipality shares to be copied (a
// handbook, a draaiboek, an evaluation report, a poster, photos). Imports nothing of ours.

export interface MaterialType {
  readonly mediaType: string;
  /** The extensions a file of this type may have, lowercase, without the dot; the first is preferred. */
  readonly extensions: readonly string[];
  /** What a Dutch reader calls it. */
  readonly label: string;
  /** Shown inline as a figure on the practice page (with its required description). */
  readonly image: boolean;
}

export const MATERIAL_TYPES = [
  { mediaType: 'application/pdf', extensions: ['pdf'], label: 'PDF', image: false },
  { mediaType: 'application/vnd.oasis.opendocument.text', extensions: ['odt'], label: 'OpenDocument-tekst', image: false },
  { mediaType: 'application/vnd.oasis.opendocument.spreadsheet', extensions: ['ods'], label: 'OpenDocument-rekenblad', image: false },
  { mediaType: 'application/vnd.oasis.opendocument.presentation', extensions: ['odp'], label: 'OpenDocument-presentatie', image: false },
  { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'], label: 'Word-document', image: false },
  { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'], label: 'Excel-rekenblad', image: false },
  { mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extensions: ['pptx'], label: 'PowerPoint-presentatie', image: false },
  { mediaType: 'image/png', extensions: ['png'], label: 'PNG-afbeelding', image: true },
  { mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'], label: 'JPEG-afbeelding', image: true },
] as const satisfies readonly MaterialType[];

export type MaterialMediaType = (typeof MATERIAL_TYPES)[number]['mediaType'];

export const MATERIAL_MEDIA_TYPES = MATERIAL_TYPES.map((t) => t.mediaType) as [MaterialMediaType, ...MaterialMediaType[]];

/** At most this many bytes a file, and this many files a practice (issue 12). */
export const MAX_MATERIAL_BYTES = 10 * 1024 * 1024;
export const MAX_MATERIALS = 10;

export function materialTypeOf(mediaType: string): MaterialType | undefined {
  return MATERIAL_TYPES.find((t) => t.mediaType === mediaType);
}
