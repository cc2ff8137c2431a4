import { Aws, NestedStack } from 'aws-cdk-lib';
import { BASE_EVENT_CLASS } from '../../lambda/ocsf/registry.ts';
import { CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PARTITION_KEY_NAMES } from '../../lambda/batches/partitioning.ts';
import { ConfigError } from '../../lambda/errors.ts';
import type { OcsfSchema } from '../ocsf-schema/schema.ts';
import type { ResolvedForwarderProps } from '../defender-forwarder-props.ts';
import { BUCKET_PREFIXES } from '../storage/bucket-layout.ts';
import { glueColumnsOf, schemaClassOf } from './ocsf-glue-columns.ts';
import type { OcsfTablePlan } from './ocsf-table-plan.ts';

/** First day the `dt` projection covers (projected days with no objects cost nothing). */
export const PROJECTION_START_DAY = '2020-01-01';

export const JSON_SERDE = 'org.openx.data.jsonserde.JsonSerDe';

/**
 * Characters of Glue table definitions one nested stack may hold: CloudFormation takes templates up to
 * 1 MB, and CDK writes them indented.
 */
export const GLUE_TABLES_BUDGET = 900_000;

export interface OcsfAthenaCatalogProps {
  readonly bucket: IBucket;
  readonly encryptionKey?: IKey;
  readonly schema: OcsfSchema;
  readonly plans: readonly OcsfTablePlan[];
  readonly settings: ResolvedForwarderProps;
}

/**
 * A Glue database with one table per OCSF class over `ocsf/class=<class>/`, partitioned by `class`,
 * `table` and `dt` with partition projection (no crawler, no `MSCK REPAIR`), and an Athena workgroup
 * whose encrypted results location users cannot override.
 *
 * OCSF classes have large, deeply nested types: every class of the snapshot together needs about 1 MB
 * of column definitions, CloudFormation's limit for one template. So the tables sit in one nested stack
 * per OCSF category ("System Activity", "Findings", …): each stays far under the limit, and a table
 * never moves between stacks when classes are added (a move would recreate it under the same name).
 * The one small table every deployment needs, `base_event` (rows of tables without a mapper), stays in
 * this stack beside the database.
 */
export class OcsfAthenaCatalog extends Construct {
  readonly database: CfnDatabase;
  /** Glue tables by OCSF class name. */
  readonly tables: ReadonlyMap<string, CfnTable>;
  /** The nested stacks holding the tables, by OCSF category name. */
  readonly tableStacks: ReadonlyMap<string, NestedStack>;
  readonly workgroup: CfnWorkGroup;

  constructor(scope: Construct, id: string, props: OcsfAthenaCatalogProps) {
    super(scope, id);
    const { bucket, schema, settings } = props;

    this.database = new CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: {
        name: settings.databaseName,
        description: 'Microsoft Defender XDR Advanced Hunting rows as OCSF records, one table per OCSF class',
      },
    });

    const plansByCategory = new Map<string, OcsfTablePlan[]>();
    for (const plan of props.plans) {
      const category = schemaClassOf(schema, plan.className).categoryName;
      plansByCategory.set(category, [...(plansByCategory.get(category) ?? []), plan]);
    }

    const tables = new Map<string, CfnTable>();
    const tableStacks = new Map<string, NestedStack>();
    const ocsfRoot = `s3://${bucket.bucketName}/${BUCKET_PREFIXES.ocsf}`;
    for (const [category, plans] of [...plansByCategory].sort(([a], [b]) => a.localeCompare(b))) {
      const inputs = plans.map((plan) => tableInputOf(schema, plan, ocsfRoot, settings.glueStructDepth));
      checkTemplateBudget(category, inputs, settings.glueStructDepth);
      const inParent = plans.every((plan) => plan.className === BASE_EVENT_CLASS);
      const stack = inParent
        ? this
        : new NestedStack(this, `${category.replace(/[^A-Za-z]/g, '')}Tables`, { description: `Glue tables of the OCSF ${category} classes` });
      if (stack instanceof NestedStack) tableStacks.set(category, stack);
      plans.forEach((plan, i) => {
        const table = new CfnTable(stack, `Table-${plan.className}`, {
          catalogId: Aws.ACCOUNT_ID,
          databaseName: this.database.ref,
          tableInput: inputs[i]!,
        });
        tables.set(plan.className, table);
      });
    }
    this.tables = tables;
    this.tableStacks = tableStacks;

    this.workgroup = new CfnWorkGroup(this, 'Workgroup', {
      name: settings.workgroupName,
      description: 'Queries over the Defender OCSF tables',
      state: 'ENABLED',
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${bucket.bucketName}/${BUCKET_PREFIXES.athenaResults}`,
          expectedBucketOwner: Aws.ACCOUNT_ID,
          encryptionConfiguration: props.encryptionKey
            ? { encryptionOption: 'SSE_KMS', kmsKey: props.encryptionKey.keyArn }
            : { encryptionOption: 'SSE_S3' },
        },
      },
    });
  }
}

/** Throws when the tables of one category would not fit in one CloudFormation template. */
export function checkTemplateBudget(
  category: string,
  inputs: readonly CfnTable.TableInputProperty[],
  depth: number,
  budget: number = GLUE_TABLES_BUDGET,
): void {
  const size = inputs.reduce((sum, input) => sum + JSON.stringify(input, undefined, 1).length, 0);
  if (size > budget) {
    throw new ConfigError(
      `glueStructDepth: the ${category} tables at depth ${depth} take ${size} characters, ` +
        `more than one CloudFormation template holds (${budget}); lower glueStructDepth`,
    );
  }
}

/** The Glue definition of one OCSF class's table: typed columns, JSON SerDe over gzipped JSON lines. */
function tableInputOf(schema: OcsfSchema, plan: OcsfTablePlan, ocsfRoot: string, depth: number): CfnTable.TableInputProperty {
  const ocsfClass = schemaClassOf(schema, plan.className);
  return {
    name: plan.className,
    description: `OCSF ${schema.version} ${ocsfClass.caption} (class_uid ${ocsfClass.classUid})`,
    tableType: 'EXTERNAL_TABLE',
    parameters: {
      classification: 'json',
      compressionType: 'gzip',
      ...projectionParameters(plan, ocsfRoot),
    },
    partitionKeys: PARTITION_KEY_NAMES.map((name) => ({ name, type: 'string' })),
    storageDescriptor: {
      location: `${ocsfRoot}class=${plan.className}/`,
      columns: glueColumnsOf(schema, plan.className, depth),
      inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
      outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
      compressed: true,
      serdeInfo: {
        serializationLibrary: JSON_SERDE,
        // A malformed line fails the query rather than vanishing from the results.
        parameters: { 'ignore.malformed.json': 'false', 'case.insensitive': 'true' },
      },
    },
  };
}

/** Partition projection: `class` is this table's one class, `table` the Defender tables, `dt` every day since 2020. */
export function projectionParameters(plan: OcsfTablePlan, ocsfRoot: string): Record<string, string> {
  return {
    'projection.enabled': 'true',
    'projection.class.type': 'enum',
    'projection.class.values': plan.className,
    ...(plan.tables
      ? { 'projection.table.type': 'enum', 'projection.table.values': plan.tables.join(',') }
      : { 'projection.table.type': 'injected' }),
    'projection.dt.type': 'date',
    'projection.dt.format': 'yyyy-MM-dd',
    'projection.dt.range': `${PROJECTION_START_DAY},NOW`,
    'projection.dt.interval': '1',
    'projection.dt.interval.unit': 'DAYS',
    'storage.location.template': `${ocsfRoot}class=\${class}/table=\${table}/dt=\${dt}/`,
  };
}
