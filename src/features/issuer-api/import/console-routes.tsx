import { ServiceError } from '../../../core/errors.ts';
import { findImport, listImports } from '../../../storage/repositories/imports.ts';
import type { Handler } from '../../console/guard.tsx';
import { t } from '../../console/layout.tsx';
import { sendConsolePage } from '../../console/page.tsx';
import type { ImportRouteKey } from './console-access.ts';
import { ImportPage, ImportsPage } from './console-views.tsx';
import { IMPORT_ID } from './importer.ts';

/** 一括登録 / Imports: the latest imports and one import's line errors (read-only). */
export const importHandlers = {
  'GET /console/imports': async (c, s) => {
    const rows = await listImports(s.web.deps.db, 50);
    return sendConsolePage(c, s, t(s.lang)('一括登録', 'Imports'), <ImportsPage lang={s.lang} rows={rows} />, {
      ...(rows.some((r) => r.status === 'running') && { refreshSeconds: 10 }),
    });
  },
  'GET /console/imports/:id': async (c, s) => {
    const id = c.req.param('id') ?? '';
    const row = IMPORT_ID.test(id) ? await findImport(s.web.deps.db, id) : undefined;
    if (!row) throw new ServiceError('not_found', 'no import with that id', 'id');
    return sendConsolePage(
      c,
      s,
      `${t(s.lang)('一括登録', 'Import')} ${row.id}`,
      <ImportPage lang={s.lang} row={row} />,
      { ...(row.status === 'running' && { refreshSeconds: 5 }) },
    );
  },
} satisfies Record<ImportRouteKey, Handler>;
