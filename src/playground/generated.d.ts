// Data the labs-data plugin writes at build time (plugins/labs-data.ts, actions.createData).
declare module '@generated/labs-data/default/playground-examples.json' {
  import type { PlaygroundExamples } from '../../plugins/labs-data';
  const examples: PlaygroundExamples;
  export default examples;
}
declare module '@generated/labs-data/default/playground-solutions.json' {
  const solutions: Record<string, Record<string, string>>;
  export default solutions;
}
declare module '@generated/labs-data/default/labs.json' {
  import type { LabsData } from '../../plugins/labs-data';
  const data: LabsData;
  export default data;
}
