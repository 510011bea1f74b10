import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface TransferBucketArgs {
  bucketName: string;
  policy: pulumi.Input<string>;
}

const ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS = 7;

/**
 * The destination bucket and everything that hardens it. The bucket is protected (a deployment that
 * would delete or replace it fails) and retained on delete. Its guards are retained on delete, not
 * protected: tearing the stack down never deletes data, nor leaves it without its public access
 * block, encryption or deny policy, while an update may still replace a guard.
 */
export class TransferBucket extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;

  constructor(name: string, args: TransferBucketArgs, opts: pulumi.ComponentResourceOptions & { provider: aws.Provider }) {
    super("xacct:target:TransferBucket", name, {}, opts);
    const guard = { parent: this, provider: opts.provider, retainOnDelete: true };

    this.bucket = new aws.s3.Bucket(name, {
      bucket: args.bucketName,
      forceDestroy: false,
    }, { ...guard, protect: true });
    const bucket = this.bucket.id;

    // ACLs off: the bucket owner owns every object, whichever account wrote it.
    const ownership = new aws.s3.BucketOwnershipControls(name, {
      bucket,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    }, guard);
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(name, {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }, guard);
    new aws.s3.BucketServerSideEncryptionConfiguration(name, {
      bucket,
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    }, guard);
    new aws.s3.BucketVersioning(name, {
      bucket,
      versioningConfiguration: { status: "Enabled" },
    }, guard);
    new aws.s3.BucketLifecycleConfiguration(name, {
      bucket,
      rules: [{
        id: "abort-incomplete-multipart-uploads",
        status: "Enabled",
        filter: {},
        abortIncompleteMultipartUpload: { daysAfterInitiation: ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS },
      }],
    }, guard);
    new aws.s3.BucketPolicy(name, {
      bucket,
      policy: args.policy,
    }, { ...guard, dependsOn: [publicAccessBlock, ownership] });

    this.registerOutputs({ bucketName: this.bucket.bucket, bucketArn: this.bucket.arn });
  }
}
