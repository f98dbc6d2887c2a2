CREATE TABLE "deliveries" (
	"store_id" integer NOT NULL,
	"delivery_id" text NOT NULL,
	"topic" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deliveries_store_id_delivery_id_pk" PRIMARY KEY("store_id","delivery_id")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"store_id" integer NOT NULL,
	"item_id" bigint,
	"type" text NOT NULL,
	"actor" jsonb NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" text PRIMARY KEY NOT NULL,
	"store_id" integer NOT NULL,
	"file_name" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"changed_rows" integer DEFAULT 0 NOT NULL,
	"unchanged_rows" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "items" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"store_id" integer NOT NULL,
	"product_id" text NOT NULL,
	"variant_id" text NOT NULL,
	"track_by" text DEFAULT 'variant' NOT NULL,
	"sku" text DEFAULT '' NOT NULL,
	"name" text NOT NULL,
	"stock" integer NOT NULL,
	"threshold" integer NOT NULL,
	"switch_at" integer,
	"incoming_stock" integer DEFAULT 0 NOT NULL,
	"back_in_stock_date" date,
	"enabled" boolean DEFAULT false NOT NULL,
	"status" text NOT NULL,
	"tracked" boolean DEFAULT true NOT NULL,
	"button_text" text DEFAULT '' NOT NULL,
	"product_message" text DEFAULT '' NOT NULL,
	"cart_message" text DEFAULT '' NOT NULL,
	"packing_slip_note" text DEFAULT '' NOT NULL,
	"template_id" integer,
	"last_event_key" text,
	"version" integer DEFAULT 1 NOT NULL,
	"published_state" jsonb,
	"published_version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"store_id" integer NOT NULL,
	"item_id" bigint,
	"type" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"dispatched_at" timestamp with time zone,
	"claimed_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "store_settings" (
	"store_id" integer PRIMARY KEY NOT NULL,
	"switch_condition" integer NOT NULL,
	"default_template_id" integer,
	"owner_email" text,
	"notify_owner" boolean DEFAULT true NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"auto_assign_new_products" boolean DEFAULT false NOT NULL,
	"allocation" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "store_users" (
	"store_id" integer NOT NULL,
	"platform_user_id" text NOT NULL,
	"email" text NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "store_users_store_id_platform_user_id_pk" PRIMARY KEY("store_id","platform_user_id")
);
--> statement-breakpoint
CREATE TABLE "stores" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stores_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"platform" text NOT NULL,
	"platform_id" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"access_token_enc" text,
	"scopes" text DEFAULT '' NOT NULL,
	"owner_id" text,
	"owner_email" text,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"webhook_token_enc" text,
	"status" text DEFAULT 'active' NOT NULL,
	"installed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"uninstalled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "templates" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "templates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"store_id" integer NOT NULL,
	"name" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"button_text" text NOT NULL,
	"product_message" text NOT NULL,
	"cart_message" text NOT NULL,
	"threshold" integer NOT NULL,
	"incoming_stock" integer DEFAULT 0 NOT NULL,
	"back_in_stock_date" date,
	"packing_slip_note" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "imports" ADD CONSTRAINT "imports_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "items" ADD CONSTRAINT "items_template_id_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."templates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_settings" ADD CONSTRAINT "store_settings_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "store_users" ADD CONSTRAINT "store_users_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "templates" ADD CONSTRAINT "templates_store_id_stores_id_fk" FOREIGN KEY ("store_id") REFERENCES "public"."stores"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_store_item_idx" ON "events" USING btree ("store_id","item_id","id");--> statement-breakpoint
CREATE INDEX "events_store_idx" ON "events" USING btree ("store_id","id");--> statement-breakpoint
CREATE INDEX "imports_store_idx" ON "imports" USING btree ("store_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "items_store_variant_uq" ON "items" USING btree ("store_id","product_id","variant_id");--> statement-breakpoint
CREATE INDEX "items_store_status_idx" ON "items" USING btree ("store_id","status","id");--> statement-breakpoint
CREATE INDEX "items_store_sku_idx" ON "items" USING btree ("store_id","sku");--> statement-breakpoint
CREATE INDEX "items_dirty_idx" ON "items" USING btree ("store_id","id") WHERE "items"."version" > "items"."published_version";--> statement-breakpoint
CREATE INDEX "items_store_name_idx" ON "items" USING btree ("store_id","name","id");--> statement-breakpoint
CREATE INDEX "items_back_in_stock_idx" ON "items" USING btree ("back_in_stock_date") WHERE "items"."enabled" and "items"."tracked";--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("id") WHERE "outbox"."dispatched_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "stores_platform_id_uq" ON "stores" USING btree ("platform","platform_id");--> statement-breakpoint
CREATE UNIQUE INDEX "templates_store_name_uq" ON "templates" USING btree ("store_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "templates_store_default_uq" ON "templates" USING btree ("store_id") WHERE "templates"."is_default";