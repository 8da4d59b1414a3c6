// GET /healthz for a load balancer, systemd or a monitor: 200 while the app can answer, 503 when the
// database cannot be read. The index state tells whether search runs on a full index yet.
import type { Request, Response } from 'express';
import type { Catalogue } from '../../domain/catalogue.js';
import type { DatabaseHealth } from '../../store/database-health.js';

export interface HealthDependencies {
  readonly catalogue: Catalogue;
  readonly database: () => DatabaseHealth;
}

export function healthController({ catalogue, database }: HealthDependencies) {
  return {
    health(_req: Request, res: Response): void {
      const db = database();
      const index = catalogue.status();
      // Searching without a built index yet (a first start of a large catalogue) works, but more slowly.
      const status = db.status !== 'ok' ? 'unavailable' : index.provisional ? 'degraded' : 'ok';
      res
        .status(db.status === 'ok' ? 200 : 503)
        .set('Cache-Control', 'no-store')
        .json({ status, practices: catalogue.size, catalogueVersion: catalogue.version, database: db, index });
    },
  };
}
