/** The CLI documents of a run live with the offline tools; specs import them from here too. */
export { previewJson, stackExport } from "../../tools/offline/state-documents";
export type { State } from "../../tools/offline/state-documents";
