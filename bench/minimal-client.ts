// The least possible Node MCP client, the baseline of `npm run bench:scan`: spawn the server given on the command
// line, initialize, tools/list, close. Prints the tool count.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const [command = '', ...args] = process.argv.slice(2);
const client = new Client({ name: 'minimal', version: '0.0.0' });
await client.connect(new StdioClientTransport({ command, args }));
const { tools } = await client.listTools();
await client.close();
process.stdout.write(`${tools.length}\n`);
