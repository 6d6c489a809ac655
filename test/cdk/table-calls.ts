import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The document client's command classes, as the IAM action each one needs. */
const COMMANDS: Readonly<Record<string, string>> = {
  GetCommand: 'GetItem',
  BatchGetCommand: 'BatchGetItem',
  QueryCommand: 'Query',
  ScanCommand: 'Scan',
  PutCommand: 'PutItem',
  UpdateCommand: 'UpdateItem',
  DeleteCommand: 'DeleteItem',
  BatchWriteCommand: 'BatchWriteItem',
  TransactGetCommand: 'TransactGetItems',
  TransactWriteCommand: 'TransactWriteItems',
};
const DYNAMODB_MODULES = new Set(['@aws-sdk/lib-dynamodb', '@aws-sdk/client-dynamodb']);

/** One DynamoDB action a handler can send: the first place found that sends it, and the way there. */
export interface TableCall {
  readonly action: string;
  /** `functions/reports/store.ts:90` */
  readonly at: string;
  /** The declarations followed from the handler module to that place. */
  readonly via: readonly string[];
}

type Via = readonly string[];

/**
 * Code that may run: a function body, a class's constructor and fields, or a module constant's
 * initializer. `gate`: it runs only once reached code has built that object literal (an object's
 * method) or made that call (a callback handed to a function of ours).
 */
interface Target {
  readonly code: ts.Node;
  readonly gate?: ts.Node;
}

type FunctionLike = ts.FunctionDeclaration | ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression;

function isFunctionLike(node: ts.Node): node is FunctionLike {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node)
  );
}

function unwrap(expression: ts.Expression): ts.Expression {
  let e = expression;
  while (
    ts.isParenthesizedExpression(e) ||
    ts.isAwaitExpression(e) ||
    ts.isAsExpression(e) ||
    ts.isNonNullExpression(e) ||
    ts.isSatisfiesExpression(e)
  ) {
    e = e.expression;
  }
  return e;
}

/**
 * Lists, with the TypeScript checker, the DynamoDB commands a handler module can send (`new
 * XCommand(…)` of the DynamoDB SDK), reading only the code that can run for it:
 * - the module's top level and its exports (Lambda calls `handler`);
 * - a function when a reference to it is read in code that runs: by name, through a variable, an
 *   object member, a parameter (the callbacks handed to it where reached code calls it: `once`,
 *   `cacheFound`, `coalescing`) or what a call returned (the closure `cacheFound` gives back);
 * - a call through a declared type (a use case's ports, a store interface): each member the program
 *   hands over as that type, of objects that reached code builds. So a store's method counts only when
 *   reached code calls it, and another handler's `deps()` never counts.
 * Callbacks handed to library code (`.map`, middy, promises) count as run where they stand. Both
 * branches of an `if` count: the answer may hold an action a request never takes, but it must not
 * miss one a request can take.
 */
export class TableCallGraph {
  private readonly program: ts.Program;
  private readonly checker: ts.TypeChecker;
  /** A member of a type declared in the followed code → the members of the values handed over as that type. */
  private readonly implementations = new Map<ts.Node, Set<ts.Node>>();
  /** A parameter of one of our functions → what each call of it passes there. */
  private readonly arguments = new Map<ts.Node, { call: ts.Node; value: ts.Expression }[]>();

  /** The folder whose code is followed (and the entries' root). */
  private readonly root: string;

  /**
   * `entries`: handler modules under `root` (one program and one index for all of them).
   * @param root the code to follow; what it imports from elsewhere (libraries) is not followed
   */
  constructor(entries: readonly string[], root = join(ROOT, 'functions')) {
    this.root = join(root, '/');
    const config = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
    this.program = ts.createProgram({
      rootNames: entries.map((entry) => join(this.root, entry)),
      options: { ...options, noEmit: true },
    });
    this.checker = this.program.getTypeChecker();
    const own = this.program.getSourceFiles().filter((file) => this.isOwn(file));
    for (const file of own) this.indexTypes(file);
    for (const file of own) this.indexArguments(file);
  }

  /** The DynamoDB actions `entry` (a handler module under the root) can send, by action name. */
  actionsOf(entry: string): TableCall[] {
    const file = this.program.getSourceFile(join(this.root, entry));
    if (!file) throw new Error(`${entry} is not one of the entries`);
    const found = new Map<string, TableCall>();
    const walked = new Set<ts.Node>();
    const seen = new Set<ts.Node>();
    const waiting = new Map<ts.Node, { target: Target; via: Via }[]>();
    const queue: { node: ts.Node; via: Via }[] = [];

    const run = (target: Target, via: Via) => {
      if (target.gate && !seen.has(target.gate)) {
        const list = waiting.get(target.gate) ?? [];
        list.push({ target, via });
        waiting.set(target.gate, list);
        return;
      }
      if (walked.has(target.code) || !this.isOwn(target.code)) return;
      walked.add(target.code);
      queue.push({ node: target.code, via: [...via, this.label(target.code)] });
    };
    const see = (node: ts.Node) => {
      if (seen.has(node)) return;
      seen.add(node);
      for (const { target, via } of waiting.get(node) ?? []) run(target, via);
      waiting.delete(node);
    };
    const read = (root: ts.Node, via: Via) => {
      const visit = (node: ts.Node): void => {
        if (node !== root && this.runsLater(node)) return;
        if (ts.isTypeNode(node) || ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
        if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
        if (ts.isObjectLiteralExpression(node) || ts.isCallExpression(node) || ts.isNewExpression(node))
          see(node);
        if (ts.isCallExpression(node)) {
          // `cacheFound(load)(key)`: a closure called where it is made, with no name to follow.
          const callee = unwrap(node.expression);
          if (!ts.isIdentifier(callee) && !ts.isPropertyAccessExpression(callee)) {
            for (const target of this.valuesOf(callee, 0)) run(target, via);
          }
        }
        if (ts.isNewExpression(node)) {
          const action = this.commandOf(node.expression);
          if (action && !found.has(action)) found.set(action, { action, at: this.where(node), via });
        }
        if (ts.isIdentifier(node) && !this.isDeclarationName(node) && !this.isStored(node)) {
          for (const declaration of this.declarationsAt(node)) {
            for (const target of this.targetsOf(declaration)) run(target, via);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(root);
    };

    queue.push({ node: file, via: [entry] });
    walked.add(file);
    // Lambda calls the module's exports (`handler`) once it is loaded.
    const exports = this.checker.getSymbolAtLocation(file)?.exports;
    exports?.forEach((symbol) => {
      for (const declaration of symbol.declarations ?? []) {
        for (const target of this.targetsOf(declaration)) run(target, [entry]);
      }
    });
    for (let next = queue.pop(); next; next = queue.pop()) read(next.node, next.via);
    return [...found.values()].sort((a, b) => a.action.localeCompare(b.action));
  }

  private isOwn(node: ts.Node): boolean {
    return node.getSourceFile().fileName.startsWith(this.root);
  }

  private where(node: ts.Node): string {
    const file = node.getSourceFile();
    const { line } = file.getLineAndCharacterOfPosition(node.getStart());
    return `${relative(ROOT, file.fileName)}:${line + 1}`;
  }

  private label(node: ts.Node): string {
    let named: ts.Node = node;
    if (!(node as { name?: ts.Node }).name && node.parent) named = node.parent;
    const { name } = named as { name?: ts.Node };
    return `${name && ts.isIdentifier(name) ? name.text : ts.SyntaxKind[node.kind]} (${this.where(node)})`;
  }

  /**
   * Code that runs only when something calls it, reached through a reference (targetsOf): declared
   * functions and methods, a variable's or an object member's function, a callback handed to a
   * function of ours, a closure one of those returns. Other functions run where they stand (handed
   * to library code, called at once).
   */
  private runsLater(node: ts.Node): boolean {
    if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) return true;
    if (ts.isMethodDeclaration(node) || ts.isAccessor(node)) return this.ownMember(node);
    if (!ts.isArrowFunction(node) && !ts.isFunctionExpression(node)) return false;
    const parent = node.parent;
    if (ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent))
      return parent.initializer === node;
    if (ts.isPropertyAssignment(parent)) return this.ownMember(parent);
    if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
      return parent.expression !== node && this.callsOurs(parent);
    }
    // A returned closure goes where its function's result goes, tracked as far as the function is.
    const enclosing = ts.isArrowFunction(parent) && parent.body === node ? parent : this.returnedFrom(node);
    return enclosing !== undefined && this.runsLater(enclosing);
  }

  /** The function whose `return` hands `node` back, if it is returned. */
  private returnedFrom(node: ts.Node): FunctionLike | undefined {
    const statement = node.parent;
    if (!ts.isReturnStatement(statement) || statement.expression !== node) return undefined;
    let scope: ts.Node | undefined = statement.parent;
    while (scope && !isFunctionLike(scope)) scope = scope.parent;
    return scope;
  }

  /**
   * A member of an object literal that only our code calls: the type the literal is handed over as
   * declares that member in the followed code (a port, `Pick<Store, …>`), or the literal has a type of
   * its own. A member of a library's type (middy's `onError`) is the library's to call.
   */
  private ownMember(
    member: ts.ObjectLiteralElementLike | ts.AccessorDeclaration | ts.MethodDeclaration,
  ): boolean {
    const literal = member.parent;
    if (!ts.isObjectLiteralExpression(literal)) return true;
    const context = this.checker.getContextualType(literal);
    if (!context) return true;
    const name = member.name && !ts.isComputedPropertyName(member.name) ? member.name.getText() : undefined;
    const declared = name
      ? this.checker.getPropertyOfType(this.checker.getApparentType(context), name)
      : undefined;
    const declarations = declared?.declarations ?? context.getSymbol()?.declarations ?? [];
    return declarations.every((declaration) => this.isOwn(declaration));
  }

  /** A call whose callee is known to be only functions of ours, so that its callbacks flow to their parameters. */
  private callsOurs(call: ts.CallExpression | ts.NewExpression): boolean {
    const callees = this.calleesOf(call);
    return callees.length > 0 && callees.every((callee) => this.isOwn(callee) && callee.body !== undefined);
  }

  /** The functions a call may call, as far as names, members and declared types say (no parameters). */
  private calleesOf(call: ts.CallExpression | ts.NewExpression): FunctionLike[] {
    const callee = unwrap(call.expression);
    const name = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    if (!ts.isIdentifier(name)) return [];
    const found: FunctionLike[] = [];
    for (const declaration of this.declarationsAt(name)) {
      if (isFunctionLike(declaration)) found.push(declaration);
      else if (
        (ts.isVariableDeclaration(declaration) || ts.isPropertyAssignment(declaration)) &&
        declaration.initializer &&
        (ts.isArrowFunction(declaration.initializer) || ts.isFunctionExpression(declaration.initializer))
      ) {
        found.push(declaration.initializer);
      } else if (!ts.isPropertySignature(declaration) && !ts.isMethodSignature(declaration)) {
        // A parameter, a closure made by a call, a library's function: not known.
        return [];
      }
    }
    return found;
  }

  /** An identifier whose value is stored (in a member of our object, a variable, an argument of ours), not called here. */
  private isStored(node: ts.Identifier): boolean {
    let value: ts.Node = node;
    if (ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) value = node.parent;
    const parent = value.parent;
    if (ts.isShorthandPropertyAssignment(parent)) return this.ownMember(parent);
    if (ts.isPropertyAssignment(parent) && parent.initializer === value) return this.ownMember(parent);
    if (ts.isVariableDeclaration(parent) && parent.initializer === value) return true;
    if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
      return parent.expression !== value && this.callsOurs(parent);
    }
    return false;
  }

  private isDeclarationName(node: ts.Identifier): boolean {
    const parent = node.parent as ts.Node & { name?: ts.Node };
    if (parent.name !== node || ts.isShorthandPropertyAssignment(parent)) return false;
    return (
      ts.isVariableDeclaration(parent) ||
      ts.isFunctionDeclaration(parent) ||
      ts.isParameter(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isMethodDeclaration(parent) ||
      ts.isClassDeclaration(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isMethodSignature(parent) ||
      ts.isImportSpecifier(parent) ||
      ts.isExportSpecifier(parent) ||
      ts.isImportClause(parent) ||
      ts.isNamespaceImport(parent) ||
      ts.isBindingElement(parent)
    );
  }

  /** What a reference may stand for at run time: its declarations, through aliases, destructuring and declared types. */
  private declarationsAt(node: ts.Identifier): ts.Node[] {
    const shorthand = ts.isShorthandPropertyAssignment(node.parent) && node.parent.name === node;
    let symbol = shorthand
      ? this.checker.getShorthandAssignmentValueSymbol(node.parent)
      : this.checker.getSymbolAtLocation(node);
    if (!symbol) return [];
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const found: ts.Node[] = [];
    const seen = new Set<ts.Node>();
    const add = (declaration: ts.Node) => {
      if (seen.has(declaration)) return;
      seen.add(declaration);
      found.push(declaration);
      for (const implementation of this.implementations.get(declaration) ?? []) add(implementation);
      // `const { put } = reportStore(db)`: the member of what is destructured.
      if (ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent)) {
        const name = declaration.propertyName ?? declaration.name;
        if (ts.isIdentifier(name)) {
          const type = this.checker.getTypeAtLocation(declaration.parent);
          for (const member of type.getProperty(name.text)?.declarations ?? []) add(member);
        }
      }
    };
    for (const declaration of symbol.declarations ?? []) add(declaration);
    return found;
  }

  /** The code that runs when what a declaration names is called (or, for a module constant, loaded). */
  private targetsOf(declaration: ts.Node, depth = 0): Target[] {
    if (depth > 8) return [];
    const literal =
      declaration.parent && ts.isObjectLiteralExpression(declaration.parent) ? declaration.parent : undefined;
    const gated = (targets: Target[]) =>
      literal ? targets.map((target) => (target.gate ? target : { ...target, gate: literal })) : targets;
    if (
      ts.isFunctionDeclaration(declaration) ||
      ts.isMethodDeclaration(declaration) ||
      ts.isAccessor(declaration)
    ) {
      return declaration.body ? gated([{ code: declaration }]) : [];
    }
    if (ts.isClassDeclaration(declaration)) {
      // `new X()`: its constructor and field initializers; its methods when called.
      return declaration.members
        .filter((member) => ts.isConstructorDeclaration(member) || ts.isPropertyDeclaration(member))
        .map((member) => ({ code: member }));
    }
    if (ts.isShorthandPropertyAssignment(declaration)) {
      let symbol = this.checker.getShorthandAssignmentValueSymbol(declaration);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
      return gated((symbol?.declarations ?? []).flatMap((value) => this.targetsOf(value, depth + 1)));
    }
    if (ts.isParameter(declaration)) {
      // A callback: what each call of the function, once reached, hands over.
      return (this.arguments.get(declaration) ?? []).flatMap(({ call, value }) =>
        this.valuesOf(value, depth + 1).map((target) => (target.gate ? target : { ...target, gate: call })),
      );
    }
    if (
      ts.isVariableDeclaration(declaration) ||
      ts.isPropertyAssignment(declaration) ||
      ts.isPropertyDeclaration(declaration) ||
      ts.isBindingElement(declaration)
    ) {
      const value = declaration.initializer;
      if (!value) return [];
      const targets = this.valuesOf(value, depth + 1);
      // A module's constant is made when its module loads: `export const deps = once(() => …)`.
      const moduleLevel =
        ts.isVariableDeclaration(declaration) && ts.isSourceFile(declaration.parent.parent.parent);
      return gated(moduleLevel ? [{ code: value }, ...targets] : targets);
    }
    return [];
  }

  /** The functions an expression may evaluate to. */
  private valuesOf(expression: ts.Expression, depth: number): Target[] {
    if (depth > 8) return [];
    const e = unwrap(expression);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return [{ code: e }];
    if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
      const name = ts.isIdentifier(e) ? e : e.name;
      if (!ts.isIdentifier(name)) return [];
      return this.declarationsAt(name).flatMap((declaration) => this.targetsOf(declaration, depth + 1));
    }
    if (ts.isConditionalExpression(e)) {
      return [...this.valuesOf(e.whenTrue, depth + 1), ...this.valuesOf(e.whenFalse, depth + 1)];
    }
    if (ts.isBinaryExpression(e)) {
      return [...this.valuesOf(e.left, depth + 1), ...this.valuesOf(e.right, depth + 1)];
    }
    if (ts.isCallExpression(e)) {
      // What the called function returns: a closure made by `cacheFound(…)` or `once(…)`.
      return this.valuesOf(e.expression, depth + 1).flatMap((callee) =>
        isFunctionLike(callee.code)
          ? this.returnsOf(callee.code).flatMap((returned) => this.valuesOf(returned, depth + 1))
          : [],
      );
    }
    return [];
  }

  private returnsOf(fn: FunctionLike): ts.Expression[] {
    if (!fn.body) return [];
    if (!ts.isBlock(fn.body)) return [fn.body];
    const found: ts.Expression[] = [];
    const visit = (node: ts.Node): void => {
      if (isFunctionLike(node) || ts.isClassDeclaration(node)) return;
      if (ts.isReturnStatement(node) && node.expression) found.push(node.expression);
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(fn.body, visit);
    return found;
  }

  /** `new GetCommand(…)` of a DynamoDB SDK module → 'GetItem'. */
  private commandOf(expression: ts.Expression): string | undefined {
    if (!ts.isIdentifier(expression)) return undefined;
    const specifier = this.checker.getSymbolAtLocation(expression)?.declarations?.find(ts.isImportSpecifier);
    if (!specifier) return undefined;
    const module = specifier.parent.parent.parent.moduleSpecifier;
    if (!ts.isStringLiteral(module) || !DYNAMODB_MODULES.has(module.text)) return undefined;
    const name = (specifier.propertyName ?? specifier.name).text;
    if (!name.endsWith('Command')) return undefined;
    return COMMANDS[name] ?? `${name} (not a known table command)`;
  }

  /** Each parameter of a function of ours, with what each call of it passes there. */
  private indexArguments(file: ts.SourceFile): void {
    const visit = (node: ts.Node): void => {
      if (ts.isTypeNode(node) || ts.isImportDeclaration(node)) return;
      if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments) {
        for (const callee of this.calleesOf(node)) {
          callee.parameters.forEach((parameter, i) => {
            const value = node.arguments?.[i];
            if (!value || parameter.dotDotDotToken) return;
            const list = this.arguments.get(parameter) ?? [];
            list.push({ call: node, value });
            this.arguments.set(parameter, list);
          });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }

  /**
   * Links each member of a type declared in the followed code to the members of the values handed over as
   * that type: an object literal's own members (and what it spreads), and the members of any other
   * value where a type is expected (an argument, an initializer, a returned value), into the members'
   * own types (a port that is an object of functions) and through promises.
   */
  private indexTypes(file: ts.SourceFile): void {
    const related = new Set<string>();
    const link = (member: ts.Symbol, value: ts.Symbol) => {
      for (const declaration of member.declarations ?? []) {
        if (!this.isOwn(declaration)) continue;
        for (const implementation of value.declarations ?? []) {
          if (implementation === declaration || !this.isOwn(implementation)) continue;
          const set = this.implementations.get(declaration) ?? new Set();
          set.add(implementation);
          this.implementations.set(declaration, set);
        }
      }
    };
    const relate = (expectedType: ts.Type, actualType: ts.Type, depth = 0) => {
      if (depth > 3 || expectedType.flags & ts.TypeFlags.Any) return;
      const expected = this.checker.getAwaitedType(expectedType) ?? expectedType;
      const actual = this.checker.getAwaitedType(actualType) ?? actualType;
      for (const type of expected.isUnion() ? expected.types : [expected]) {
        const pair = `${this.typeId(type)}:${this.typeId(actual)}`;
        if (related.has(pair)) continue;
        related.add(pair);
        for (const member of type.getProperties()) {
          if (!(member.declarations ?? []).some((declaration) => this.isOwn(declaration))) continue;
          const value = actual.getProperty(member.name);
          if (!value) continue;
          link(member, value);
          const memberType = this.checker.getTypeOfSymbol(member);
          if (memberType.getProperties().length > 0) {
            relate(memberType, this.checker.getTypeOfSymbol(value), depth + 1);
          }
        }
      }
    };
    const visit = (node: ts.Node): void => {
      if (ts.isTypeNode(node) || ts.isImportDeclaration(node) || ts.isInterfaceDeclaration(node)) return;
      if (ts.isTypeAliasDeclaration(node)) return;
      if (ts.isObjectLiteralExpression(node) || this.isHandedOver(node)) {
        const expected = this.checker.getContextualType(node as ts.Expression);
        if (expected) relate(expected, this.checker.getTypeAtLocation(node));
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }

  private typeId(type: ts.Type): number {
    return (type as ts.Type & { id: number }).id;
  }

  /** An expression whose value goes where a type is expected: an argument, an initializer, a returned value. */
  private isHandedOver(node: ts.Node): node is ts.Expression {
    const parent = node.parent;
    if (!parent || ts.isLiteralExpression(node) || !ts.isExpression(node)) return false;
    if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
      return parent.arguments?.includes(node) ?? false;
    }
    if (
      ts.isVariableDeclaration(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent)
    ) {
      return parent.initializer === node;
    }
    if (ts.isReturnStatement(parent)) return parent.expression === node;
    if (ts.isArrowFunction(parent)) return parent.body === node;
    if (ts.isBinaryExpression(parent)) {
      return parent.right === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
    }
    return false;
  }
}
