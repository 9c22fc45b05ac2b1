import type {
  SavedFilter,
  SourceSummary,
  ThresholdRule,
  Workbook,
  WorkbookIssue,
  WorkbookSummary,
} from '../../engine/index.ts';
import type { Incident } from '../../formats/index.ts';
import {
  metricAlert,
  parseWorkbookSource,
  stringifyWorkbook,
  WorkbookError,
} from '../../engine/index.ts';
import type { EngineClient } from './engine-client.ts';
import {
  addAlertRule,
  freeId,
  saveFilter,
  setIncidents,
  setThresholdRule,
  type RuleChange,
} from './workbook-edit.ts';

/** How long typing pauses before the engine checks the draft's SQL. */
const CHECK_DELAY_MS = 250;

/**
 * The one workbook state every view shows: the engine's active workbook (applied: what the
 * metrics are computed with) and the draft being edited (its YAML text). Charts, the alert lab
 * and the YAML view all read and write the draft, so a change in one is in the others at once;
 * rules are evaluated in the app, so a rule's change shows before it is applied. Applying sends
 * the draft to the engine, which recomputes the open source.
 */
export class WorkbookState {
  /** the active workbook's text, as the engine has it */
  text = $state<string | null>(null);
  workbook = $state.raw<Workbook | null>(null);
  /** why the last upload was rejected; empty when it was taken */
  issues = $state.raw<WorkbookIssue[]>([]);
  /** the name of the last upload, for the issues' heading */
  rejectedName = $state<string | null>(null);
  error = $state<string | null>(null);
  /** incident labels edited in the alert lab, for the source they were edited on */
  labelled = $state.raw<{ source: SourceSummary; incidents: Incident[] } | null>(null);

  /** the YAML being edited: the active text plus the changes not applied yet */
  draft = $state<string | null>(null);
  /** the draft as the engine would read it; the last valid one while the text has problems */
  draftWorkbook = $state.raw<Workbook | null>(null);
  /** the draft's problems (YAML, schema, references, then SQL as the engine checks it) */
  draftIssues = $state.raw<WorkbookIssue[]>([]);
  /** metrics of the active workbook the open source cannot compute, with the reason */
  unavailable = $state.raw<{ id: string; reason: string }[]>([]);
  /** why the last edit could not be made (a YAML error to fix first) */
  editError = $state<string | null>(null);

  #client: EngineClient;
  #onApplied: (result: WorkbookSummary) => void;
  #checkTimer: ReturnType<typeof setTimeout> | null = null;

  /** `onApplied` shows each accepted workbook on the open source (charts, lab, SLIs at once). */
  constructor(client: EngineClient, onApplied: (result: WorkbookSummary) => void = () => {}) {
    this.#client = client;
    this.#onApplied = onApplied;
  }

  /** The workbook the views show: the draft (its last valid state), else the active one. */
  get current(): Workbook | null {
    return this.draftWorkbook ?? this.workbook;
  }

  /** Whether the draft differs from the active workbook. */
  get dirty(): boolean {
    return this.draft !== null && this.draft !== this.text;
  }

  /**
   * The labels to score `source` against: the edited ones, else the source's own. The source
   * is known by name and start, not by its summary object, which every applied workbook
   * replaces (an SLI saved from its view must not drop labels edited in the lab).
   */
  incidentsOf(source: SourceSummary): Incident[] {
    const edited = this.labelled?.source;
    return edited && edited.name === source.name && edited.start === source.start
      ? this.labelled!.incidents
      : source.incidents;
  }

  /** Keeps edited labels for `source` (another source starts from its own labels again). */
  setIncidents(source: SourceSummary, incidents: Incident[]): void {
    this.labelled = { source, incidents };
  }

  /** Reads the active workbook from the engine. */
  async refresh(): Promise<void> {
    try {
      const text = await this.#client.getWorkbook();
      const workbook = parseWorkbookSource(text, 'workbook').workbook;
      this.workbook = workbook;
      this.text = text;
      this.#setDraft(text, workbook);
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  /** Replaces the draft with `text` (typed in the YAML view) and validates it. */
  type(text: string): void {
    this.editError = null;
    this.#setDraft(text);
  }

  /** Changes the draft with `change` (an edit of `workbook-edit.ts`); false and `editError` when it cannot. */
  edit(change: (text: string) => string): boolean {
    if (this.draft === null) return false;
    try {
      this.#setDraft(change(this.draft));
      this.editError = null;
      return true;
    } catch (error) {
      this.editError = error instanceof Error ? error.message : String(error);
      return false;
    }
  }

  /** The rule Charts draws for metric `id`: its first threshold rule in the draft. */
  ruleFor(id: string): ThresholdRule | null {
    const wb = this.current;
    return wb ? metricAlert(wb, id) : null;
  }

  /** Sets metric `id`'s first threshold rule in the draft to `change`, adding one if it has none. */
  setMetricRule(id: string, change: RuleChange): boolean {
    const wb = this.current;
    if (!wb || !Number.isFinite(change.threshold)) return false;
    const rule = wb.alerts.find((a) => a.kind === 'threshold' && a.metric === id);
    if (rule) return this.setRule(rule.id, change);
    const metric = wb.metrics.find((m) => m.id === id);
    return this.edit((text) =>
      addAlertRule(text, {
        id: freeId(
          wb.alerts.map((a) => a.id),
          `${id}-alert`,
        ),
        title: `${metric?.title ?? id} ${change.op} ${change.threshold}`,
        metric: id,
        op: change.op,
        value: change.threshold,
        forMs: change.forMs,
      }),
    );
  }

  /** Sets threshold rule `ruleId` in the draft to `change`. */
  setRule(ruleId: string, change: RuleChange): boolean {
    return this.edit((text) => setThresholdRule(text, ruleId, change));
  }

  /** Writes `incidents` into the draft and applies it (the alert lab's "Save to workbook"). */
  async saveLab(incidents: readonly Incident[]): Promise<boolean> {
    if (!this.edit((text) => setIncidents(text, incidents))) return false;
    return this.apply();
  }

  /**
   * Saves an events filter under the draft's `filters:` (replacing one of the same name) and
   * applies the draft, as the alert lab's "Save to workbook" does.
   */
  async saveFilter(filter: SavedFilter): Promise<boolean> {
    if (!this.edit((text) => saveFilter(text, filter))) return false;
    return this.apply();
  }

  /** Makes the draft the active workbook; when rejected, lists the issues and keeps the draft. */
  async apply(): Promise<boolean> {
    if (this.draft === null) return false;
    return this.upload(this.draft, this.current?.name ?? 'workbook');
  }

  /** Forgets why metrics were not computed: they were the previous source's reasons. */
  sourceChanged(): void {
    this.unavailable = [];
  }

  /** Puts the draft back to the active workbook. */
  revert(): void {
    if (this.text !== null) this.type(this.text);
  }

  /** Makes `change(workbook)` the active workbook (re-stringified: the file's comments are not kept). */
  async save(change: (wb: Workbook) => Workbook): Promise<boolean> {
    const wb = this.current;
    if (!wb) return false;
    return this.upload(stringifyWorkbook(change(wb)), wb.name);
  }

  /** Makes `text` the active workbook and the draft; when rejected, keeps both and lists the issues. */
  async upload(text: string, name: string): Promise<boolean> {
    const result = await this.#client.loadWorkbook(text, name);
    if (!result.accepted) {
      this.issues = result.issues;
      this.rejectedName = name;
      return false;
    }
    this.issues = [];
    this.rejectedName = null;
    this.workbook = result.workbook;
    this.text = text;
    this.unavailable = result.unavailable;
    this.#setDraft(text, result.workbook);
    this.#onApplied(result);
    return true;
  }

  /** The draft is `text`: parsed at once, its SQL checked by the engine once typing pauses. */
  #setDraft(text: string, parsed?: Workbook): void {
    this.draft = text;
    if (this.#checkTimer !== null) clearTimeout(this.#checkTimer);
    this.#checkTimer = null;
    if (parsed) {
      this.draftWorkbook = parsed;
      this.draftIssues = [];
      return;
    }
    try {
      this.draftWorkbook = parseWorkbookSource(text, this.workbook?.name ?? 'workbook').workbook;
      this.draftIssues = [];
    } catch (error) {
      if (!(error instanceof WorkbookError)) throw error;
      this.draftIssues = error.issues;
      return;
    }
    this.#checkTimer = setTimeout(() => void this.#check(text), CHECK_DELAY_MS);
  }

  async #check(text: string): Promise<void> {
    const issues = await this.#client.checkWorkbook(text, this.workbook?.name ?? 'workbook');
    if (this.draft === text) this.draftIssues = issues;
  }
}
