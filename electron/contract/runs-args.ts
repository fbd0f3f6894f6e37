import { z } from 'zod';

/**
 * Arguments of the station's operations. The contract (preload, main, harness, renderer) derives its
 * runtime validation from these, so a call with bad arguments is refused at the boundary.
 */
const Actor = z.string().trim().min(1).max(64);
const RunId = z.uuid();
const StepId = z.string().min(1).max(64);
const ReasonCode = z.string().min(1).max(40);

export const StartRunArgs = z.object({ standardId: z.string().min(1).max(64), actor: Actor }).strict();
export const RunArgs = z.object({ runId: RunId, actor: Actor }).strict();
export const StepArgs = RunArgs.extend({ stepId: StepId }).strict();
export const MeasureArgs = StepArgs.extend({ value: z.number().finite() }).strict();
export const ChooseArgs = StepArgs.extend({ option: z.string().min(1).max(64) }).strict();
export const NoteArgs = StepArgs.extend({ text: z.string().max(2000) }).strict();
export const ReasonArgs = StepArgs.extend({ reason: ReasonCode }).strict();
export const HelpArgs = RunArgs.extend({ stepId: StepId.optional() }).strict();
export const AbandonArgs = RunArgs.extend({ reason: ReasonCode }).strict();
export const GetRunArgs = z.object({ runId: RunId }).strict();

export type StartRunArgs = z.infer<typeof StartRunArgs>;
export type RunArgs = z.infer<typeof RunArgs>;
export type StepArgs = z.infer<typeof StepArgs>;
export type MeasureArgs = z.infer<typeof MeasureArgs>;
export type ChooseArgs = z.infer<typeof ChooseArgs>;
export type NoteArgs = z.infer<typeof NoteArgs>;
export type ReasonArgs = z.infer<typeof ReasonArgs>;
export type HelpArgs = z.infer<typeof HelpArgs>;
export type AbandonArgs = z.infer<typeof AbandonArgs>;
export type GetRunArgs = z.infer<typeof GetRunArgs>;
