// "Aanpassen" from the yearly check (decision 48): the check's signed link also opens the update form of
// its practice, in the same steps as the status link (update-proposal-steps.ts). The link proves the same thing the status
// link does, that its holder reads the practice's contact mailbox, and imported practices have no status
// link at all. The proposal waits for a moderator; the published version stays online until then.
import type { Request, Response } from 'express';
import type { MaterialDependencies } from '../../domain/materials.js';
import type { Practice, PracticeMaterial } from '../../domain/practice.js';
import { type PracticeUpdateStores, contentToUpdate, proposeUpdateOf } from '../../domain/practice-updates.js';
import { CheckLinkRefused, type YearlyCheckStores, openCheck } from '../../domain/yearly-check.js';
import { paths } from '../../paths.js';
import { keepPrivate } from '../middleware/http-caching.js';
import { updateProposalSteps } from './update-proposal-steps.js';

export interface CheckUpdateDependencies {
  readonly stores: YearlyCheckStores & Omit<PracticeUpdateStores, 'submissions'>;
  readonly key: string;
  readonly materialStores: MaterialDependencies;
}

export function checkUpdateController({ stores, key, materialStores }: CheckUpdateDependencies, refuse: (res: Response, error: CheckLinkRefused) => void) {
  /** The practice behind a valid link; else the page that says why the link does not open. */
  const practiceOrRefuse = (req: Request<{ token: string }>, res: Response): Practice | undefined => {
    keepPrivate(res);
    try {
      return openCheck(stores, key, req.params.token, new Date()).practice;
    } catch (error) {
      if (!(error instanceof CheckLinkRefused)) throw error;
      refuse(res, error);
      return undefined;
    }
  };

  const steps = updateProposalSteps(
    {
      action: paths.checkUpdate,
      pageTitle: 'Uw praktijk aanpassen',
      heading: 'Uw praktijk aanpassen',
      // Published files are public; a file only in a proposal (or a new upload) is listed without a link.
      materialHref: (_token, practice) => {
        const published = new Set(practice.materials.map((m) => m.fileHash));
        return (m: PracticeMaterial) => (published.has(m.fileHash) ? paths.material(practice.slug, m) : undefined);
      },
      propose: (_token, practice, input) => proposeUpdateOf(stores, practice.id, input),
      proposed: (token) => `${paths.checkUpdate(token)}?voorgesteld=1`,
      through: 'yearly_check',
    },
    materialStores,
  );

  return {
    form(req: Request<{ token: string }>, res: Response): void {
      const practice = practiceOrRefuse(req, res);
      if (!practice) return;
      if (req.query.voorgesteld !== undefined) {
        res.render('check/proposed', { pageTitle: 'Uw wijziging is voorgesteld', practice: { title: practice.title, href: paths.practice(practice.slug) } });
        return;
      }
      steps.form(res, req.params.token, practice, contentToUpdate(stores, practice));
    },

    /** The steps as the status link's update form has them: review, back to the form, confirm. */
    async propose(req: Request<{ token: string }>, res: Response): Promise<void> {
      const practice = practiceOrRefuse(req, res);
      if (!practice) return;
      await steps.propose(req, res, practice);
    },
  };
}
