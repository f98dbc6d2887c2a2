CREATE TABLE "import_errors" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "import_errors_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"import_id" text NOT NULL,
	"row" integer NOT NULL,
	"column" text NOT NULL,
	"value" text NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_rows" (
	"import_id" text NOT NULL,
	"row" integer NOT NULL,
	"sku" text NOT NULL,
	"item_id" bigint,
	"stock" integer,
	"threshold" integer,
	"incoming_stock" integer,
	"back_in_stock_date" date,
	"clear_date" boolean DEFAULT false NOT NULL,
	"enabled" boolean,
	"changed" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "progress" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "changes" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "failure" jsonb;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "result" jsonb;--> statement-breakpoint
ALTER TABLE "import_errors" ADD CONSTRAINT "import_errors_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "import_errors_import_row_idx" ON "import_errors" USING btree ("import_id","row","id");--> statement-breakpoint
CREATE INDEX "import_rows_import_item_idx" ON "import_rows" USING btree ("import_id","item_id");