CREATE TABLE "spent_credentials" (
	"kind" text NOT NULL,
	"digest" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "spent_credentials_kind_digest_pk" PRIMARY KEY("kind","digest")
);
--> statement-breakpoint
CREATE INDEX "spent_credentials_expires_idx" ON "spent_credentials" USING btree ("expires_at");