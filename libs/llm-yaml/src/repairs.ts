// Repair is one change the parser made to what the model wrote.
export interface Repair {
  kind: string;
  line?: number;
  path?: string;
  detail?: string;
}

// RepairError means the text cannot be turned into a plan; `reason` is one line.
export class RepairError extends Error {
  readonly reason: string;
  readonly repairs: Repair[];
  constructor(reason: string, repairs: Repair[] = []) {
    super(reason);
    this.name = 'RepairError';
    this.reason = reason.replace(/\s*\n\s*/g, ' ');
    this.repairs = repairs;
  }
}

export function repair(kind: string, fields: Omit<Repair, 'kind'> = {}): Repair {
  const r: Repair = { kind };
  if (fields.line !== undefined) r.line = fields.line;
  if (fields.path !== undefined) r.path = fields.path;
  if (fields.detail !== undefined) r.detail = fields.detail;
  return r;
}
