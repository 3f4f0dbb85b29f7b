/** Each feature in words, for the reasons of a verdict ("name has the verb `delete`", "parameter `action` offers `delete`"). */

const KIND_WORDS: Record<string, string> = {
  read: 'a reading verb',
  write: 'a changing verb',
  destructive: 'a deleting or ending verb',
  exec: 'a verb that runs things',
  money: 'a verb that moves money',
  ambiguous: 'a verb that depends on its object',
  none: 'no verb',
};

const PARAM_WORDS: Record<string, string> = {
  command: 'is a free-text command',
  code: 'may carry code',
  sql: 'carries SQL',
  url: 'is a free URL',
  httpMethod: 'picks the HTTP method',
  amount: 'is an amount',
  recipient: 'names a recipient',
  body: 'is a message body',
  path: 'is a file path',
  savePath: 'is a path the output is saved to',
  destructiveFlag: 'is an option that deletes',
  executed: 'is code the tool executes',
  language: 'names a language to run',
  bulk: 'acts on many items',
  killSignal: 'can send a kill signal',
  where: 'is a free-text where clause',
  payload: 'is a free-form payload',
  user: 'names another user',
};

function quoteParam(detail: string): [string, string] {
  const at = detail.indexOf('\u0000');
  return at < 0 ? [detail, ''] : [detail.slice(0, at), detail.slice(at + 1)];
}

/**
 * One feature as a reason, from its key's head (`name.verb=`, `text.readOnly`) and value (see `Features`). `detail` is
 * what the feature quotes (a verb, a parameter name, a phrase).
 */
export function describeFeature(head: string, value: string, detail: string): string {
  const [a, b] = quoteParam(detail);
  switch (head) {
    case 'rule=':
      return detail;
    case 'rule.exec':
    case 'rule.money':
    case 'rule.privilege':
    case 'rule.weak':
      return detail;
    case 'name.verb=':
      return value === 'none' ? 'the name has no verb' : `name has the verb \`${detail}\``;
    case 'name.kind=':
      return `name's verb \`${detail}\` is ${KIND_WORDS[value] ?? value}`;
    case 'name.also=':
      return `name also has the verb \`${detail}\``;
    case 'desc.verb=':
      return value === 'none' ? 'the description opens with no verb' : `description opens with \`${detail}\``;
    case 'desc.kind=':
      return `description opens with \`${detail}\`, ${KIND_WORDS[value] ?? value}`;
    case 'desc.also=':
      return `description also lists \`${detail}\``;
    case 'object.read=':
    case 'object.act=':
    case 'object.pair=':
      return `name says \`${detail}\``;
    case 'word.name=':
      return `name has the word \`${detail}\``;
    case 'word.desc=':
      return `description's first sentence has the word \`${detail}\``;
    case 'action.kind=':
    case 'action.verb=':
      return `parameter \`${a}\` offers \`${b}\``;
    case 'nested.kind=':
      return `parameter \`${a}\` lists the operation \`${b}\``;
    case 'text.selectOnly':
      return 'description allows SELECT only';
    case 'text.sql':
      return 'description talks about SQL';
    case 'server.sql':
      return 'the tool or its server works on a database';
    case 'server.browser':
      return 'the tool drives a browser';
    case 'cred.object':
      return `\`${a}\` changes a credential (\`${b}\`)`;
    case 'cred.param=':
      return `parameter \`${detail}\` carries a credential value`;
    case 'content.kind=':
      return `parameter \`${detail}\` carries the whole content`;
    case 'content.verb=':
      return `\`${a}\` with the whole content in \`${b}\``;
    case 'option.remove':
      return `option \`${detail}\` removes something`;
    case 'option.replaceValue':
      return `parameter \`${a}\` offers \`${b}\``;
    case 'option.replaceFlag':
      return `option \`${detail}\` replaces existing content`;
    case 'run.job':
      return `\`${detail}\` triggers a run`;
    case 'close.state':
      return `\`${detail}\` loses its state`;
    case 'guard.kind=':
      return `touches what guards the agent (\`${detail}\`)`;
    case 'cjk.kind=':
      return `description uses \`${detail}\` (${KIND_WORDS[value] ?? value})`;
    case 'param.commandRouter':
      return `parameter \`${detail}\` picks a sub-command of the tool`;
    case 'param.flag=':
      return `has the option \`${detail}\``;
    case 'param.amountTo':
      return `parameters \`${a}\` and \`${b}\` send an amount to someone`;
    case 'mention=':
      return `description mentions \`${detail}\``;
    default: {
      // Heads with a value end with `=`: the family's catch-alls read the head without it.
      const family = head.endsWith('=') ? head.slice(0, -1) : head;
      if (family.startsWith('text.')) return `description says "${detail}"`;
      if (family.startsWith('param.')) return `parameter \`${detail}\` ${PARAM_WORDS[family.slice(6)] ?? 'matters'}`;
      const key = head + value;
      return detail === '' ? key : `${key} (${detail})`;
    }
  }
}
