import type { WorkbookIssue } from '../../engine/index.ts';
import { applySliEdit, checkSliForm, sliForm, type SliForm } from './sli-edit.ts';
import type { WorkbookState } from './workbook-state.svelte.ts';

/**
 * The SLI view's editors as typed, kept while other views are open: one form per SLI being
 * edited, and what its last save did. One per open source, like the lab's state.
 */
export class SliEdits {
  /** the open editors, by SLI id */
  forms = $state<Record<string, SliForm>>({});
  /** each open editor's form as the workbook had it when opened, to tell a change under it */
  bases = $state<Record<string, string>>({});
  /** the last save's outcome, by SLI id */
  outcome = $state<Record<string, { ok: boolean; text: string; issues: WorkbookIssue[] }>>({});

  /** Opens SLI `id`'s editor with the workbook's values (the draft's, as every view shows). */
  open(workbook: WorkbookState, id: string): void {
    const form = workbook.current ? sliForm(workbook.current, id) : null;
    if (form) {
      this.forms[id] = form;
      this.bases[id] = JSON.stringify(form);
    }
    delete this.outcome[id];
  }

  close(id: string): void {
    delete this.forms[id];
    delete this.bases[id];
  }

  /**
   * Whether SLI `id` or its burn-rate rules changed in the workbook (the YAML, the lab, an
   * upload) since its editor was opened: saving would write the form over that change.
   */
  changedUnder(workbook: WorkbookState, id: string): boolean {
    const now = workbook.current ? sliForm(workbook.current, id) : null;
    return this.bases[id] !== undefined && JSON.stringify(now) !== this.bases[id];
  }

  /**
   * Writes SLI `id`'s form into the workbook draft and applies it, so the YAML, this view, the
   * lab's burn-rate rules and the engine's SLI numbers all have it; false (and why, on
   * `outcome`) when a field is wrong, the draft cannot take the edit or the engine rejects it.
   */
  async save(workbook: WorkbookState, id: string): Promise<boolean> {
    const form = this.forms[id];
    if (!form) return false;
    const { edit } = checkSliForm(form);
    if (!edit) return false;
    if (!workbook.edit((text) => applySliEdit(text, edit))) {
      this.outcome[id] = { ok: false, text: workbook.editError ?? 'not saved', issues: [] };
      return false;
    }
    if (!(await workbook.apply())) {
      this.outcome[id] = {
        ok: false,
        text: 'The workbook rejected it (the edit stays in the Workbook tab to fix):',
        issues: workbook.issues,
      };
      return false;
    }
    this.close(id);
    this.outcome[id] = { ok: true, text: 'Saved to the workbook and applied.', issues: [] };
    return true;
  }
}
