// Organisations that fund reconstruction, and one's portfolio.
import { getJSON, type ProjectState } from '../api';

export interface Organisation {
  id: number;
  name: string;
  kind: string;
  country: string;
  website: string | null;
  iati_org_id: string | null;
  twinned_hromada_code: string | null;
  demo: boolean;
}

export interface OrganisationPage extends Organisation {
  projects: { id: number; title: string; state: ProjectState; hromada_code: string }[];
}

/** fetchOrganisations lists the organisations (the first thousand, in id order): the donors to filter by. */
export async function fetchOrganisations(signal?: AbortSignal): Promise<Organisation[]> {
  const page = await getJSON<{ organisations: Organisation[] }>('/organisations?limit=1000', signal);
  return page.organisations;
}

export function fetchOrganisation(id: number, signal?: AbortSignal): Promise<OrganisationPage> {
  return getJSON<OrganisationPage>(`/organisations/${id}`, signal);
}
