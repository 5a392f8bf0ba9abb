// The form parts the pages share: labelled fields and checkbox groups that show their own errors[]
// entries, the problem box that shows the rest, a list's status filter and an inline form's buttons.
import type { ReactNode } from 'react';
import type { Problem } from '../api/client';

const owns = (name: string, field: string) => field === name || field.startsWith(`${name}.`) || field.startsWith(`${name}[`);

export function errorsOf(problem: Problem | undefined, name: string): string[] {
  return (problem?.errors ?? []).filter((e) => owns(name, e.field)).map((e) => e.message);
}

export function Field(props: { id: string; label: string; name?: string; problem?: Problem; hint?: string; children: ReactNode }) {
  const errors = props.name ? errorsOf(props.problem, props.name) : [];
  return (
    <div className={errors.length ? 'field invalid' : 'field'}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
      {props.hint && <small className="hint">{props.hint}</small>}
      {errors.map((message) => (
        <small key={message} className="field-error" role="alert" data-field={props.name}>
          {message}
        </small>
      ))}
    </div>
  );
}

/** A fieldset of checkboxes or radios: the legend labels the group, errors[] for `name` below it. */
export function Choices(props: { legend: string; name: string; problem?: Problem; children: ReactNode }) {
  const errors = errorsOf(props.problem, props.name);
  return (
    <fieldset className={errors.length ? 'choices invalid' : 'choices'}>
      <legend>{props.legend}</legend>
      <div className="choice-list">{props.children}</div>
      {errors.map((message) => (
        <small key={message} className="field-error" role="alert" data-field={props.name}>
          {message}
        </small>
      ))}
    </fieldset>
  );
}

export function Check(props: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  type?: 'checkbox' | 'radio';
  name?: string;
}) {
  return (
    <label className="check" htmlFor={props.id}>
      <input id={props.id} type={props.type ?? 'checkbox'} name={props.name} checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
      {props.label}
    </label>
  );
}

/** A checkbox list's value once one box changed: the checked ones in the order they were checked. */
export const toggle = <T,>(list: readonly T[], item: T, on: boolean) => (on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item));

/** A checkbox per option inside a `Choices`; the value is the options checked, in the order they were checked. */
export function CheckboxGroup<T extends string>(props: {
  legend: string;
  name: string;
  problem?: Problem;
  /** Each checkbox's id is `${id}-${option}`. */
  id: string;
  options: readonly T[];
  label?: (option: T) => string;
  value: readonly T[];
  onChange: (value: T[]) => void;
}) {
  const { value, onChange } = props;
  return (
    <Choices legend={props.legend} name={props.name} problem={props.problem}>
      {props.options.map((option) => (
        <Check
          key={option}
          id={`${props.id}-${option}`}
          label={props.label ? props.label(option) : option}
          checked={value.includes(option)}
          onChange={(on) => onChange(toggle(value, option, on))}
        />
      ))}
    </Choices>
  );
}

/** The status filter above a list: All, or one of `statuses`. */
export function StatusFilter({
  id,
  statuses,
  value,
  onChange,
}: {
  id: string;
  statuses: readonly string[];
  value: string;
  onChange: (status: string) => void;
}) {
  return (
    <div className="card inline">
      <Field id={id} label="Status">
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">All</option>
          {statuses.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </Field>
    </div>
  );
}

/** An inline form's buttons: send it, or close it unsent. */
export function SubmitOrClose({ label, danger, busy, onClose }: { label: string; danger?: boolean; busy: boolean; onClose: () => void }) {
  return (
    <div className="actions">
      <button type="submit" className={danger ? 'danger' : 'primary'} disabled={busy}>
        {label}
      </button>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}

/**
 * The problem's detail, unless every one of its errors[] sits next to an input this form shows
 * (`fields`): then the inputs say it all.
 */
export function ProblemBox({ problem, fields = [] }: { problem?: Problem; fields?: string[] }) {
  if (!problem) return null;
  const unclaimed = problem.errors.filter((e) => !fields.some((name) => owns(name, e.field)));
  if (problem.errors.length && !unclaimed.length) return null;
  return (
    <div className="problem" role="alert">
      <strong>{problem.status ? `${problem.status} ${problem.title}` : problem.title}</strong>
      <span>{problem.detail}</span>
      {unclaimed.length > 0 && problem.errors.length !== unclaimed.length && (
        <ul>
          {unclaimed.map((e) => (
            <li key={e.field + e.message}>
              {e.field}: {e.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="notice" role="status">
      {children}
    </div>
  );
}
