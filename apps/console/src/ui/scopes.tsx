// The scope pickers: what a seller grants (within what is offerable), what a service requests.
import type { OfferableScopes, Problem, RequestedScopes, Scopes } from '../api/client';
import { Check, CheckboxGroup, Choices, toggle } from './forms';
import { words } from './format';
import { AUTHORIZED_OBJECTS, SELLER_CENTER_ROLES } from './vocabulary';

type Role = Scopes['sellerCenterRoles'][number];

/** Everything offerable, chosen: what a grant form starts with. */
export function allOf(offerable: OfferableScopes): Scopes {
  return {
    ...(offerable.authorizedObjects?.length && { authorizedObject: offerable.authorizedObjects[0] }),
    shopOperationTicket: offerable.shopOperationTicket,
    sellerCenterRoles: [...offerable.sellerCenterRoles],
    dataCompass: offerable.dataCompass,
  };
}

/** A seller's grant: at most what the service requests and its market offers. */
export function ScopesPicker(props: {
  id: string;
  offerable: OfferableScopes;
  value: Scopes;
  onChange: (scopes: Scopes) => void;
  problem?: Problem;
  name: string;
}) {
  const { id, offerable, value, onChange, problem, name } = props;
  const objects = offerable.authorizedObjects ?? [];
  return (
    <div className="scopes">
      {objects.length > 0 && (
        <Choices legend="Authorized object" name={`${name}.authorizedObject`} problem={problem}>
          {objects.map((object) => (
            <Check
              key={object}
              type="radio"
              name={`${id}-object`}
              id={`${id}-object-${object}`}
              label={words(object)}
              checked={value.authorizedObject === object}
              onChange={() => onChange({ ...value, authorizedObject: object })}
            />
          ))}
        </Choices>
      )}
      <Choices legend="Permissions" name={name} problem={problem}>
        {offerable.shopOperationTicket && (
          <Check
            id={`${id}-ticket`}
            label="Shop operation ticket"
            checked={value.shopOperationTicket}
            onChange={(on) => onChange({ ...value, shopOperationTicket: on })}
          />
        )}
        {offerable.dataCompass && (
          <Check id={`${id}-compass`} label="Data compass" checked={value.dataCompass} onChange={(on) => onChange({ ...value, dataCompass: on })} />
        )}
        {offerable.sellerCenterRoles.map((role) => (
          <Check
            key={role}
            id={`${id}-role-${role}`}
            label={`Seller Center: ${words(role)}`}
            checked={value.sellerCenterRoles.includes(role)}
            onChange={(on) => onChange({ ...value, sellerCenterRoles: toggle<Role>(value.sellerCenterRoles, role, on) })}
          />
        ))}
      </Choices>
    </div>
  );
}

/** What a partner's service requests. */
export function RequestedScopesPicker(props: { id: string; value: RequestedScopes; onChange: (scopes: RequestedScopes) => void; problem?: Problem }) {
  const { id, value, onChange, problem } = props;
  return (
    <div className="scopes">
      <CheckboxGroup
        legend="Authorized objects (US L2L sellers must grant one)"
        name="requestedScopes.authorizedObjects"
        problem={problem}
        id={`${id}-object`}
        options={AUTHORIZED_OBJECTS}
        label={words}
        value={value.authorizedObjects ?? []}
        onChange={(authorizedObjects) => onChange({ ...value, authorizedObjects })}
      />
      <Choices legend="Permissions" name="requestedScopes" problem={problem}>
        <Check
          id={`${id}-ticket`}
          label="Shop operation ticket"
          checked={!!value.shopOperationTicket}
          onChange={(on) => onChange({ ...value, shopOperationTicket: on })}
        />
        <Check id={`${id}-compass`} label="Data compass" checked={!!value.dataCompass} onChange={(on) => onChange({ ...value, dataCompass: on })} />
        {SELLER_CENTER_ROLES.map((role) => (
          <Check
            key={role}
            id={`${id}-role-${role}`}
            label={`Seller Center: ${words(role)}`}
            checked={(value.sellerCenterRoles ?? []).includes(role)}
            onChange={(on) => onChange({ ...value, sellerCenterRoles: toggle<Role>(value.sellerCenterRoles ?? [], role, on) })}
          />
        ))}
      </Choices>
    </div>
  );
}
