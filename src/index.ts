// The action's entry: action.yml runs the bundle of this file. It only calls run().
import { run } from './action/main.js';

await run();
