// What every event of this service shares: its source and a versioned detail.
export const EVENT_SOURCE = 'offboard.users';

export interface EventDefinition<Detail> {
  source: typeof EVENT_SOURCE;
  detailType: string;
  version: number;
  parse(detail: unknown): Detail;
}
