#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 827:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var node_process__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(708);
/* harmony import */ var node_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(385);
// The perf-action executable: wires the process (argv, streams, env, signals) to main().


const controller = new AbortController();
let signals = 0;
const onSignal = (signal) => {
    signals += 1;
    // The first signal stops the load and lets the results be written; a second one gives up at once.
    if (signals > 1)
        node_process__WEBPACK_IMPORTED_MODULE_0___default().exit(130);
    node_process__WEBPACK_IMPORTED_MODULE_0___default().stderr.write(`\nperf-action: ${signal} received, stopping the load and writing the results gathered so far\n`);
    controller.abort(new Error(signal));
};
node_process__WEBPACK_IMPORTED_MODULE_0___default().on('SIGINT', onSignal);
node_process__WEBPACK_IMPORTED_MODULE_0___default().on('SIGTERM', onSignal);
const exitCode = await (0,_main_js__WEBPACK_IMPORTED_MODULE_1__/* .main */ .i)(node_process__WEBPACK_IMPORTED_MODULE_0___default().argv.slice(2), {
    stdout: (node_process__WEBPACK_IMPORTED_MODULE_0___default().stdout),
    stderr: (node_process__WEBPACK_IMPORTED_MODULE_0___default().stderr),
    env: (node_process__WEBPACK_IMPORTED_MODULE_0___default().env),
    cwd: node_process__WEBPACK_IMPORTED_MODULE_0___default().cwd(),
    signal: controller.signal,
});
(node_process__WEBPACK_IMPORTED_MODULE_0___default().exitCode) = exitCode;

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 385:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  i: () => (/* binding */ main)
});

;// CONCATENATED MODULE: ./src/errors.ts
// The few error classes users can meet, each with a stable code, and the one table that maps codes to
// exit codes. Code matches on `code`, never on message text. Impossible states are assertions, not
// these classes.
/** A base for every error a user can cause; `problems` lists each one when there are several. */
class PerfActionError extends Error {
    code;
    problems;
    constructor(code, message, options = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = new.target.name;
        this.code = code;
        this.problems = options.problems ?? [message];
    }
}
class ConfigError extends PerfActionError {
    constructor(problems, file) {
        const head = file ? `${file}: ` : '';
        const message = problems.length === 1 ? `${head}${problems[0]}` : `${head}${problems.length} problems\n  - ${problems.join('\n  - ')}`;
        super('PA_CONFIG', message, { problems });
    }
}
class UsageError extends PerfActionError {
    constructor(message) {
        super('PA_USAGE', message);
    }
}
class TargetError extends PerfActionError {
    constructor(message, cause) {
        super('PA_TARGET', message, { cause });
    }
}
class ResultsError extends PerfActionError {
    constructor(message, problems) {
        super('PA_RESULTS', message, problems ? { problems } : {});
    }
}
class BaselineError extends PerfActionError {
    constructor(message, cause) {
        super('PA_BASELINE', message, { cause });
    }
}
class GitHubApiError extends PerfActionError {
    status;
    constructor(message, status, cause) {
        super('PA_GITHUB', message, { cause });
        this.status = status;
    }
}
class LimitError extends PerfActionError {
    constructor(problems) {
        super('PA_LIMIT', problems.join('; '), { problems });
    }
}
/**
 * Exit codes, in one place. 0: pass or inconclusive; 1: a failing verdict that fail-on names;
 * 2: bad input of any kind (config, usage, results, limits); 3: the run itself could not happen.
 */
const EXIT_CODES = Object.freeze({
    ok: 0,
    'verdict-fail': 1,
    PA_CONFIG: 2,
    PA_USAGE: 2,
    PA_RESULTS: 2,
    PA_LIMIT: 2,
    PA_BASELINE: 2,
    PA_TARGET: 3,
    PA_GITHUB: 3,
    internal: 4,
});
function exitCodeFor(error) {
    return error instanceof PerfActionError ? EXIT_CODES[error.code] : EXIT_CODES.internal;
}

;// CONCATENATED MODULE: ./src/cli/commands/index.ts
const commands = [];

;// CONCATENATED MODULE: ./src/cli/main.ts
// The CLI edge: picks the command, runs it, and turns whatever it throws into a message and an exit
// code from the one table in errors.ts. Commands live in commands/, one file each.


function helpText() {
    const lines = ['Usage: perf-action <command> [options]', '', 'Commands:'];
    for (const command of commands)
        lines.push(`  ${command.name.padEnd(10)} ${command.summary}`);
    lines.push('', 'Run `perf-action <command> --help` for its options.');
    return lines.join('\n') + '\n';
}
async function main(argv, io) {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
        io.stdout.write(helpText());
        return name === undefined ? 2 : 0;
    }
    const command = commands.find((candidate) => candidate.name === name);
    try {
        if (!command)
            throw new UsageError(`unknown command "${name}"; expected one of ${commands.map((c) => c.name).join(', ')}`);
        if (rest.includes('--help') || rest.includes('-h')) {
            io.stdout.write(command.usage.endsWith('\n') ? command.usage : command.usage + '\n');
            return 0;
        }
        return await command.run(rest, io);
    }
    catch (error) {
        if (error instanceof PerfActionError) {
            io.stderr.write(`perf-action: ${error.message}\n`);
        }
        else {
            io.stderr.write(`perf-action: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        }
        return exitCodeFor(error);
    }
}


/***/ }),

/***/ 708:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:process");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(827);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
