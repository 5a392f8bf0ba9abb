// Durable progress of the processes: a checkpoint per process (a log position, or a time for
// the reminder cursor). Operational data kept beside the read models, never appended as events.
export interface CheckpointStore {
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
}
