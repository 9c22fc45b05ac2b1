import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Regenerates `kitchen-workbook.ts` from `workbooks/kitchen.yaml`, so the default workbook is a
 * plain module in the browser, the worker and Node alike. Run after editing the YAML:
 * `npx tsx engine/workbook/generate-kitchen-workbook.ts` (a test fails while they differ).
 */
const yamlPath = new URL('../../workbooks/kitchen.yaml', import.meta.url);
const modulePath = new URL('./kitchen-workbook.ts', import.meta.url);

/** The module's text for a workbook text. */
export function kitchenWorkbookModule(text: string): string {
  return `// Generated from workbooks/kitchen.yaml by generate-kitchen-workbook.ts: do not edit.

/** The bundled default workbook (workbooks/kitchen.yaml), as text. */
export const KITCHEN_WORKBOOK = {
  name: 'kitchen.yaml',
  text: ${JSON.stringify(text)},
} as const;
`;
}

if (process.argv[1] && new URL(`file://${process.argv[1]}`).href === import.meta.url) {
  writeFileSync(modulePath, kitchenWorkbookModule(readFileSync(yamlPath, 'utf8')));
  console.log(`wrote ${modulePath.pathname}`);
}
