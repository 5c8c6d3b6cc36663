// SCIM Groups are offboard teams (docs/scim.md): Okta's and Entra ID's group-push sequences as they
// document them, through the dashboard's own resource use cases — R12 (members are ACTIVE users of
// the account), R5 (the last member who takes calls cannot be taken out; a removal still replaces
// them), audited as the identity provider's doing.
import { describe, expect, it } from 'vitest';
import { allResources, givenAccount, uniqueId } from '../support/accounts.ts';
import { useApiRuntime, waitForRemoval } from '../support/api.ts';
import { PATCH_OP, SCIM_ERROR, scimClient } from '../support/scim.ts';

const api = useApiRuntime();
const { scimTokenFor, scim } = scimClient(api);
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const filterBy = (filter: string) => encodeURIComponent(filter);
const memberIds = (group: { members: { value: string }[] }) => group.members.map((m) => m.value).sort();

describe('Okta group push (as Okta documents its requests)', () => {
  it('R12 looks the group up, creates it, adds members, renames it, removes a member, deletes it', async () => {
    const accountId = await givenAccount({ plan: 'ENTERPRISE' });
    const { token, tokenId } = await scimTokenFor(accountId);
    const name = `Sales ${uniqueId('g')}`;

    const lookup = await scim(
      token,
      'GET',
      `/Groups?filter=${filterBy(`displayName eq "${name}"`)}&startIndex=1&count=100`,
    );
    const created = await scim(token, 'POST', '/Groups', { schemas: [GROUP], displayName: name, members: [] });
    const id = created.body.id as string;
    const added = await scim(token, 'PATCH', `/Groups/${id}`, {
      schemas: [PATCH_OP],
      Operations: [
        {
          op: 'add',
          path: 'members',
          value: [
            { value: 'dan', display: 'dan@example.test' },
            { value: 'erin', display: 'erin@example.test' },
          ],
        },
      ],
    });
    const renamed = await scim(token, 'PATCH', `/Groups/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value: { id, displayName: `${name} EMEA` } }],
    });
    const removed = await scim(token, 'PATCH', `/Groups/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'remove', path: 'members[value eq "dan"]' }],
    });
    const team = (await allResources(accountId)).find((r) => r.id === id);
    const deleted = await scim(token, 'DELETE', `/Groups/${id}`);

    expect(lookup.body).toMatchObject({ totalResults: 0, Resources: [] });
    expect(created).toMatchObject({ status: 201, body: { schemas: [GROUP], displayName: name, members: [] } });
    expect(created.location).toBe(`${api.runtime.apiUrl}/scim/v2/Groups/${id}`);
    expect(memberIds(added.body)).toEqual(['dan', 'erin']);
    expect(renamed.body.displayName).toBe(`${name} EMEA`);
    expect(memberIds(removed.body)).toEqual(['erin']);
    expect(team).toMatchObject({ type: 'TEAM', name: `${name} EMEA`, ownerId: 'amir', members: ['erin'] });
    expect(deleted.status).toBe(204);
    expect((await scim(token, 'GET', `/Groups/${id}`)).status).toBe(404);
    expect((await allResources(accountId)).some((r) => r.id === id)).toBe(false);
    const entries = (await api.call('GET', `/v1/accounts/${accountId}/audit-log`, { as: 'amir' })).body.entries;
    const byScim = entries.filter((e: { actor: { type: string; id: string } }) => e.actor.type === 'SCIM');
    expect(byScim.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['RESOURCE_CREATED', 'MEMBERSHIP_CHANGED', 'RESOURCE_RENAMED', 'RESOURCE_DELETED']),
    );
    expect(byScim.every((e: { actor: { id: string } }) => e.actor.id === tokenId)).toBe(true);
  });
});

describe('Entra ID group provisioning (capitalised ops, members in the value, excludedAttributes=members)', () => {
  it('R12 creates the group, adds and removes members by value, renames by path, finds groups by member', async () => {
    const accountId = await givenAccount({ plan: 'ENTERPRISE' });
    const { token } = await scimTokenFor(accountId);
    const name = `Support ${uniqueId('g')}`;

    const lookup = await scim(
      token,
      'GET',
      `/Groups?excludedAttributes=members&filter=${filterBy(`displayName eq "${name}"`)}`,
    );
    const created = await scim(token, 'POST', '/Groups', {
      schemas: [GROUP],
      externalId: uniqueId('aad'),
      displayName: name,
      members: [{ value: 'bea' }],
    });
    const id = created.body.id as string;
    const patch = (Operations: unknown[]) => scim(token, 'PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations });
    const added = await patch([{ op: 'Add', path: 'members', value: [{ value: 'dan' }, { value: 'farah' }] }]);
    const removed = await patch([{ op: 'Remove', path: 'members', value: [{ value: 'farah' }] }]);
    const renamed = await patch([{ op: 'Replace', path: 'displayName', value: `${name} Tier 2` }]);
    const ofDan = await scim(
      token,
      'GET',
      `/Groups?filter=${filterBy('members[value eq "dan"]')}&excludedAttributes=members`,
    );
    const byName = await scim(
      token,
      'GET',
      `/Groups?filter=${filterBy(`displayName eq "${name.toUpperCase()} TIER 2"`)}`,
    );

    expect(lookup.body.totalResults).toBe(0);
    expect(memberIds(created.body)).toEqual(['bea']);
    expect(memberIds(added.body)).toEqual(['bea', 'dan', 'farah']);
    expect(memberIds(removed.body)).toEqual(['bea', 'dan']);
    expect(renamed.body.displayName).toBe(`${name} Tier 2`);
    expect(ofDan.body.Resources).toEqual([
      { schemas: [GROUP], id, displayName: `${name} Tier 2`, meta: expect.any(Object) },
    ]);
    expect(byName.body.Resources.map((g: { id: string }) => g.id)).toEqual([id]);
  });
});

describe('R5 R12 a group keeps someone who takes its calls; only users of the account join', () => {
  it('taking out the last active member is a SCIM error that says why and changes nothing; a removal still replaces them', async () => {
    const accountId = await givenAccount({ plan: 'ENTERPRISE' });
    const { token } = await scimTokenFor(accountId);
    const created = await scim(token, 'POST', '/Groups', {
      schemas: [GROUP],
      displayName: uniqueId('Night'),
      members: [{ value: 'dan' }],
    });
    const id = created.body.id as string;

    const lastOut = await scim(token, 'PATCH', `/Groups/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'remove', path: 'members[value eq "dan"]' }],
    });
    const inactive = await scim(token, 'PATCH', `/Groups/${id}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'add', path: 'members', value: [{ value: 'gus' }] }],
    });
    const removal = await api.call('POST', `/v1/accounts/${accountId}/users/dan/removal`, {
      as: 'amir',
      body: { confirm: true, reassignTo: 'erin' },
    });
    await waitForRemoval(api.call, removal.body.statusUrl, 'amir');
    const after = await scim(token, 'GET', `/Groups/${id}`);

    expect(lastOut).toMatchObject({ status: 409, contentType: expect.stringContaining('application/scim+json') });
    expect(lastOut.body).toMatchObject({ schemas: [SCIM_ERROR], status: '409' });
    expect(lastOut.body.detail).toMatch(/last active member/);
    expect(inactive).toMatchObject({ status: 409, body: { schemas: [SCIM_ERROR] } });
    expect(inactive.body.detail).toContain('gus');
    expect(memberIds(after.body)).toEqual(['erin']);
  });

  it('a PUT sets exactly its members, joining before leaving, so replacing every member keeps the team answered', async () => {
    const accountId = await givenAccount({ plan: 'ENTERPRISE' });
    const { token } = await scimTokenFor(accountId);
    const name = uniqueId('Desk');
    const created = await scim(token, 'POST', '/Groups', {
      schemas: [GROUP],
      displayName: name,
      members: [{ value: 'dan' }],
    });

    const replaced = await scim(token, 'PUT', `/Groups/${created.body.id}`, {
      schemas: [GROUP],
      displayName: name,
      members: [{ value: 'erin' }, { value: 'farah' }],
    });

    expect(replaced.status).toBe(200);
    expect(memberIds(replaced.body)).toEqual(['erin', 'farah']);
  });

  it('lists the account’s groups by name, a page at a time (startIndex, count), each once', async () => {
    const accountId = await givenAccount({ plan: 'ENTERPRISE' });
    const { token } = await scimTokenFor(accountId);
    for (const name of ['Charlie desk', 'Alpha desk', 'Bravo desk'])
      await scim(token, 'POST', '/Groups', { schemas: [GROUP], displayName: name, members: [{ value: 'dan' }] });

    const first = await scim(token, 'GET', '/Groups?startIndex=1&count=2&excludedAttributes=members');
    const second = await scim(token, 'GET', '/Groups?startIndex=3&count=2&excludedAttributes=members');

    expect(first.body).toMatchObject({ totalResults: 3, startIndex: 1, itemsPerPage: 2 });
    expect(second.body).toMatchObject({ totalResults: 3, startIndex: 3, itemsPerPage: 1 });
    expect(
      [...first.body.Resources, ...second.body.Resources].map((g: { displayName: string }) => g.displayName),
    ).toEqual(['Alpha desk', 'Bravo desk', 'Charlie desk']);
    expect(first.body.Resources[0].members).toBeUndefined();
  });

  it('the service describes Groups: ResourceTypes and Schemas list them', async () => {
    const accountId = await givenAccount();
    const { token } = await scimTokenFor(accountId);

    const types = await scim(token, 'GET', '/ResourceTypes');
    const schemas = await scim(token, 'GET', '/Schemas');

    expect(types.body.Resources.map((t: { id: string }) => t.id)).toEqual(['User', 'Group']);
    expect(schemas.body.Resources.map((s: { id: string }) => s.id)).toContain(GROUP);
  });
});
