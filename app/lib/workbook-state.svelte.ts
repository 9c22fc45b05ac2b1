import type {
  SourceSummary,
  Workbook,
  WorkbookIssue,
  WorkbookSummary,
} from '../../engine/index.ts';
import type { Incident } from '../../formats/index.ts';
import { parseWorkbook, stringifyWorkbook } from '../../engine/index.ts';
import type { EngineClient } from './engine-client.ts';

/**
 * The engine's active workbook as the app sees it: its text (for download), the parsed
 * workbook (rules, SLIs, tolerances for the alert lab) and the issues of a rejected upload.
 */
export class WorkbookState {
  text = $state<string | null>(null);
  workbook = $state.raw<Workbook | null>(null);
  /** why the last upload was rejected; empty when it was taken */
  issues = $state.raw<WorkbookIssue[]>([]);
  /** the name of the last upload, for the issues' heading */
  rejectedName = $state<string | null>(null);
  error = $state<string | null>(null);
  /** incident labels edited in the alert lab, for the source they were edited on */
  labelled = $state.raw<{ source: SourceSummary; incidents: Incident[] } | null>(null);

  #client: EngineClient;
  #onApplied: (result: WorkbookSummary) => void;

  /** `onApplied` shows each accepted workbook on the open source (charts, lab, SLIs at once). */
  constructor(client: EngineClient, onApplied: (result: WorkbookSummary) => void = () => {}) {
    this.#client = client;
    this.#onApplied = onApplied;
  }

  /** The labels to score `source` against: the edited ones, else the source's own. */
  incidentsOf(source: SourceSummary): Incident[] {
    return this.labelled?.source === source ? this.labelled.incidents : source.incidents;
  }

  /** Keeps edited labels for `source` (a new source starts from its own labels again). */
  setIncidents(source: SourceSummary, incidents: Incident[]): void {
    this.labelled = { source, incidents };
  }

  /** Reads the active workbook from the engine. */
  async refresh(): Promise<void> {
    try {
      const text = await this.#client.getWorkbook();
      this.workbook = parseWorkbook(text, 'workbook');
      this.text = text;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }

  /** Makes `change(workbook)` the active workbook (as YAML; the file's comments are not kept). */
  async save(change: (wb: Workbook) => Workbook): Promise<boolean> {
    const wb = this.workbook;
    if (!wb) return false;
    return this.upload(stringifyWorkbook(change(wb)), wb.name);
  }

  /** Makes `text` the active workbook; when rejected, keeps the old one and lists the issues. */
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
    this.#onApplied(result);
    return true;
  }
}
