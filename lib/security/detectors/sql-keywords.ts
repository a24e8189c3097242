/**
 * The SQL lexicon the tokenizer classifies words with. These are the grammar's word classes
 * (statement verbs, clause words, operators, built-in functions and system objects), not a list
 * of attack strings: the recognizers in sql-rules.ts decide from the order of classified tokens.
 */

export const K = {
  /** Starts a statement: SELECT, INSERT, DROP … */
  STMT: 1 << 0,
  /** Set operators: UNION, EXCEPT, INTERSECT. */
  UNION: 1 << 1,
  /** AND, OR, XOR. */
  LOGIC: 1 << 2,
  /** Word operators: LIKE, REGEXP, IS, IN, BETWEEN, COLLATE … */
  OPWORD: 1 << 3,
  /** Clause words: FROM, WHERE, ORDER, BY, INTO, VALUES, TABLE, CASE … */
  CLAUSE: 1 << 4,
  /** NULL, TRUE, FALSE. */
  LITERAL: 1 << 5,
  /** Built-in function whose name is not an English word (group_concat, pg_sleep, md5). */
  FUNC: 1 << 6,
  /** Built-in function whose name is also an English word (left, round, sleep, user). */
  FUNC_WORD: 1 << 7,
  /** Functions that delay the response (time-based blind injection). */
  TIME: 1 << 8,
  /** Functions used to leak data through error messages. */
  ERROR: 1 << 9,
  /** Functions and clauses that read or write server files or reach the network. */
  FILE: 1 << 10,
  /** Stored procedures and packages that run commands or reach out (xp_cmdshell, utl_http). */
  DANGER: 1 << 11,
  /** System catalogs and schemas (information_schema, pg_catalog, sysobjects). */
  CATALOG: 1 << 12,
  /** Type names that follow a PostgreSQL `::` cast. */
  TYPE: 1 << 13,
} as const;

const table = new Map<string, number>();
function add(flag: number, words: string): void {
  for (const w of words.split(/\s+/)) if (w) table.set(w, (table.get(w) ?? 0) | flag);
}

add(K.STMT, "select insert update delete drop create alter truncate exec execute declare shutdown waitfor grant revoke rename call handler prepare merge replace");
add(K.UNION, "union except intersect");
add(K.LOGIC, "and or xor");
add(K.OPWORD, "like rlike regexp glob ilike similar sounds is in between escape collate div mod match against notnull not");
add(K.CLAUSE, "from where having group order by limit offset into values as on join table database schema procedure function trigger view index case when then else end top distinct distinctrow all any some asc desc outfile dumpfile delay exists analyse immediate set returning using");
add(K.LITERAL, "null true false");
add(
  K.FUNC,
  "pg_sleep load_file extractvalue updatexml xmltype group_concat concat concat_ws make_set name_const ifnull isnull nullif coalesce unhex sysdate current_user session_user system_user user_name suser_name suser_sname host_name db_name schema_name find_in_set json_extract json_build_object json_array json_search json_valid json_object json_keys jsonb_pretty jsonb_build_object lo_import lo_export lo_get lo_put lo_from_bytea unistr sqlite_version sqlite_compileoption_used sqlite_compileoption_get randomblob zeroblob strcmp rtrim ltrim instr iif substr substring char_length character_length octet_length bit_length lpad rpad quotename string_agg listagg xmlagg array_agg to_char to_number pg_read_file pg_ls_dir pg_read_binary_file current_database current_schema inet_server_addr regexp_substr regexp_like regexp_replace getdate sysdatetime starts_with uncompress hextoraw rawtohex utl_inaddr dbms_pipe dbms_lock dbms_xmlgen ctxsys geometrycollection multipoint multipolygon multilinestring",
);
add(
  K.FUNC_WORD,
  "json elt mid ord pow rand cos sin hex ascii exp md5 sha1 sha2 chr nchar unicode polygon linestring soundex sleep benchmark user version database now floor ceil ceiling round left right lower upper char trim compress decode encode insert replace date time day month year hour minute second week quarter format default values if length local log ln max min abs pi password degrees position space convert cast count sum avg sign field overlay glob likely unlikely likelihood",
);
add(K.TIME, "sleep pg_sleep benchmark waitfor randomblob dbms_lock");
add(K.ERROR, "extractvalue updatexml xmltype geometrycollection multipoint multipolygon multilinestring linestring polygon name_const json_keys exp");
add(K.FILE, "load_file outfile dumpfile lo_import lo_export lo_get pg_read_file pg_ls_dir pg_read_binary_file utl_file");
add(
  K.DANGER,
  "xp_cmdshell xp_dirtree xp_regread xp_regwrite xp_fileexist xp_servicecontrol xp_availablemedia xp_subdirs xp_loginconfig xp_makecab xp_terminate_process sp_oacreate sp_oamethod sp_executesql sp_makewebtask sp_addlogin sp_addsrvrolemember sp_password sp_configure sp_addextendedproc openrowset opendatasource openquery utl_http utl_inaddr utl_file utl_smtp utl_tcp dbms_ldap dbms_pipe dbms_xmlgen dbms_java dbms_scheduler msdasql sqloledb",
);
add(
  K.CATALOG,
  "information_schema pg_catalog pg_shadow pg_user pg_database pg_tables pg_class pg_namespace pg_proc sysobjects syscolumns sysdatabases syslogins sysusers sqlite_master sqlite_schema sqlite_temp_master msysaccessobjects msysobjects msysqueries msysrelationships all_tables all_tab_columns user_tables user_tab_columns dba_users dba_tables tempdb msdb schema_name",
);
add(K.TYPE, "int int2 int4 int8 integer bigint smallint tinyint text bool boolean json jsonb varchar nvarchar char character numeric decimal float float4 float8 real double date timestamp timestamptz regclass regproc oid bytea inet xml uuid money interval bit varbit");

/** Longest word in the table; longer words are never looked up. */
export const MAX_KEYWORD_LENGTH = 32;

/** Flags of a lower-case word, 0 when it is an ordinary identifier. */
export function keywordFlags(lowerWord: string): number {
  return table.get(lowerWord) ?? 0;
}

/** Every word of the lexicon with its flags (for tables built from it, such as the gate's). */
export function keywordTable(): IterableIterator<[string, number]> {
  return table.entries();
}
