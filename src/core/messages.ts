/**
 * The message catalogue: every text a user reads from the server, by stable key, in English and
 * Vietnamese. Pure: no I/O, no locale of the machine.
 *
 * Core keeps writing its English text where it always did (`reason`, `explanation`, `notes`, an error's
 * `message`) and puts the message beside it (`reason_msg`, `explanation_msgs`, `notes_msgs`, an error's
 * `msg`), so every reader of the English text keeps working. Adapters call `localize(value, lang)` on what
 * they output: it renders each text from its message in the asked language and drops the `_msg(s)`
 * siblings, so English output stays exactly what it was.
 *
 * Templates: `{name}` inserts a parameter; `{name|N}` a number rounded to N decimals; `{name|pct}` a ratio
 * as a percentage with one decimal; `{name|dmy}` an ISO date as dd/mm/yyyy; `{name|join:SEP}` a list.
 * Numbers use the language's decimal mark (vi: comma). A parameter may itself be a message (rendered in
 * the same language) or a list of messages (joined with "; " unless the template says otherwise).
 */
import type { ErrorCode } from './errors.ts';

export const LANGS = ['en', 'vi'] as const;
export type Lang = (typeof LANGS)[number];

export type MsgParam = string | number | Msg | ReadonlyArray<string | number | Msg>;
export interface Msg {
  key: MessageKey;
  params?: Record<string, MsgParam>;
}

const EN = {
  // Error codes (titles): the same text as ERROR_CODES (a test keeps them equal).
  'error.INPUT_INVALID': 'the input does not match its schema or rules',
  'error.IMPORT_INVALID': 'an import file has bad rows; nothing was written',
  'error.NOT_FOUND': 'the requested resource does not exist',
  'error.CONFLICT': 'the request conflicts with the current state',
  'error.FORECAST_HISTORY_TOO_SHORT': 'a series is too short for the requested model',
  'error.PLAN_INFEASIBLE': 'no plan satisfies the hard constraints',
  'error.STORE_UNAVAILABLE': 'the database cannot be reached',
  'error.UNAUTHORIZED': 'missing or unknown API key',
  'error.FORBIDDEN': 'the API key has no role for this action',
  'error.QUEUE_UNAVAILABLE': 'the job queue (Redis) cannot be reached',
  'error.NOT_AVAILABLE': 'the operation is not part of this build yet',
  'error.RATE_LIMITED': 'too many requests from this key in a minute',
  'error.INTERNAL': 'internal error',
  'error.BAD_REQUEST': 'bad request',

  // Generic API errors.
  'api.internal': 'internal error; quote request id {id}',
  'api.no_route': 'no route {method} {url}',
  'api.malformed': 'malformed request: {error}',
  'api.request_invalid': 'request {part} is invalid: {field}: {reason}',
  'api.part.body': 'body',
  'api.part.querystring': 'querystring',
  'api.part.params': 'params',
  'api.part.headers': 'headers',
  'api.no_key': 'send an API key: Authorization: Bearer <key>',
  'api.unknown_key': 'unknown or revoked API key',
  'api.forbidden_read': 'role {role} may not read this',
  'api.forbidden': 'role {role} may not do this (needs {permission})',
  'api.not_utf8': 'the request body is not valid UTF-8',
  'api.refused_char': '{field}: the character {char} is not allowed in text',
  'api.refused_char_reason': 'the character {char} is not allowed in text',
  'api.not_monday': 'week must be a Monday; {week} is not',
  'api.not_monday_reason': 'not a Monday',
  'api.no_plan': 'no plan {id}',
  'api.no_scenario': 'no scenario {id}',
  'api.no_job': 'no job {id}',
  'api.no_point': 'no point with code {code}',

  // CLI error lines.
  'cli.line': 'line {line}',
  'cli.value': ' (value {value})',
  'cli.more': '  … and {count} more',

  // Plans (use cases).
  'plan.no_volumes': 'no daily volumes are stored; import volumes or run `dieuphoi init`',
  'plan.history_old':
    'the stored history ends on {last}, {days} days before the week ends; import recent volumes first',
  'plan.no_points': 'no points are stored; run `dieuphoi init` or import points',
  'plan.none_open': 'no point is open in the week of {week}',
  'plan.none_open_reason': 'no open day',
  'plan.no_forecast_rows': 'forecast run {run} has no rows for the week of {week}',
  'plan.not_found': 'no plan with id {id}',
  'plan.none_for_week': 'no plan for the week of {week}; draft one with `dieuphoi plan --week {week}`',
  'plan.decided': 'plan {id} is already {status}',
  'plan.status.draft': 'draft',
  'plan.status.approved': 'approved',
  'plan.status.rejected': 'rejected',
  'plan.other_approved': 'the week of {week} already has an approved plan ({other}); reject it first',

  // Request validation (JSON schema keywords).
  'schema.required': "must have required property '{property}'",
  'schema.additionalProperties': 'must NOT have additional properties',
  'schema.type': 'must be {type}',
  'schema.format': 'must match format "{format}"',
  'schema.minimum': 'must be {comparison} {limit}',
  'schema.maximum': 'must be {comparison} {limit}',
  'schema.minLength': 'must NOT have fewer than {limit} characters',
  'schema.maxLength': 'must NOT have more than {limit} characters',
  'schema.minItems': 'must NOT have fewer than {limit} items',
  'schema.maxItems': 'must NOT have more than {limit} items',
  'schema.pattern': 'must match pattern "{pattern}"',
  'schema.enum': 'must be equal to one of the allowed values',
  'schema.const': 'must be equal to constant',
  'schema.anyOf': 'must match a schema in anyOf',
  'schema.invalid': 'is invalid',

  // CSV import: the file.
  'import.kind.points': 'points',
  'import.kind.staff': 'staff',
  'import.kind.volumes': 'volumes',
  'import.not_utf8':
    'the file is not valid UTF-8 (first invalid byte on line {line}); save it as UTF-8 (CSV UTF-8 in Excel)',
  'import.not_utf8_row': 'invalid UTF-8 byte sequence',
  'import.columns': 'line {line} has {cells} columns; the header has {header}',
  'import.columns_row': '{cells} columns instead of {header}',
  'import.refused_char': 'line {line}, column {column}: the character {char} is not allowed in text',
  'import.refused_char_row': 'the character {char} is not allowed in text',
  'import.file_empty': 'the file is empty: expected a header line and rows',
  'import.header': 'wrong header ({problems}); expected: {expected|join: or }',
  'import.header_problems': '{problems}',
  'import.header_missing': 'missing {columns}',
  'import.header_unknown': 'unknown {columns}',
  'import.header_duplicated': 'duplicated {columns}',
  'import.format': '{required}',
  'import.format_optional': '{required} [optional: {optional}]',
  'import.malformed': 'malformed CSV on line {line}: {reason}',
  'import.text_after_quote': 'text after a closing quote',
  'import.stray_quote': 'a quote (") inside an unquoted value; quote the whole value and double inner quotes',
  'import.unclosed': 'malformed CSV: a quoted value opened on line {line} is never closed',
  'import.unclosed_row': 'unclosed quote',
  'import.no_rows': 'the {kind} file has a header but no rows',
  'import.bad_rows.one': '{kind} file has {lines} bad row; nothing was written',
  'import.bad_rows.other': '{kind} file has {lines} bad rows; nothing was written',
  // CSV import: one row.
  'import.empty': 'is empty',
  'import.too_long': 'is longer than {max} characters',
  'import.code': 'must be 1–40 letters, digits, _ or -',
  'import.whole_number': 'must be a whole number',
  'import.too_large': 'is too large',
  'import.at_least': 'must be ≥ {min}',
  'import.number': 'must be a number',
  'import.between': 'must be between {min} and {max}',
  'import.one_of': 'must be one of {allowed}',
  'import.date': 'must be a real date written YYYY-MM-DD',
  'import.hours': 'must be sessions like 08:00-12:00;13:00-17:00',
  'import.boolean': 'must be true or false',
  'import.fields_none': 'must list one or more of {fields} separated by ;',
  'import.fields_unknown': 'unknown field {bad}; use {fields}',
  'import.fields_twice': 'lists a field twice',
  'import.resolved_over': 'is more than received ({received})',
  'import.on_time_over': 'on_time + overdue is more than resolved ({resolved})',
  'import.unknown_point': 'unknown point code',
  'import.unknown_home_point': 'unknown point code; import the points first',
  'import.duplicate': 'duplicate key: same as line {first}',

  // A text without a message (e.g. stored before messages existed): the same in every language.
  'text.plain': '{text}',

  // Days.
  'day.label': '{weekday} {date}',
  'weekday.1': 'Monday',
  'weekday.2': 'Tuesday',
  'weekday.3': 'Wednesday',
  'weekday.4': 'Thursday',
  'weekday.5': 'Friday',
  'weekday.6': 'Saturday',
  'weekday.7': 'Sunday',

  // Stage 1 (reallocation): why a move, why infeasible, the summary.
  'move.lacks': '{point} lacks {lack|1} counter staff on {day}',
  'move.below_min': '{point} needs {staff} more staff on {day} to reach its minimum',
  'move.can_use': '{point} can use more counter staff on {day}',
  'move.spare': '{point} has {spare|1} spare',
  'move.can_cover': '{point} can cover its own counters with fewer staff',
  'move.reason': '{need}; {give}, {minutes} min away',
  'stage1.infeasible':
    'on {day} points {points} need at least {min} staff together, but at most {reachable} can be there ' +
    '(their own staff and movable staff within {minutes} min); lower min_staff or add staff at {short}',
  'stage1.status.optimal': 'optimal',
  'stage1.status.feasible': 'feasible',
  'stage1.status.infeasible': 'infeasible',
  'stage1.summary':
    '{status}: objective {objective|3} (bound {bound|3}; without moves {before|3}); ' +
    '{moved} staff-days moved, {minutes} travel minutes.',
  'stage1.day':
    '{day}: {moved} moved; counters short {short|1} staff-days ({shortBefore|1} without moves); ' +
    'processing short {processing|1} ({processingBefore|1} without moves).',
  'stage1.move': '{staff} × {from} → {to} ({date}): {reason}',
  'stage1.more': '… and {count} more moves.',

  // Stage 2 (named roster) and the weekly plan.
  'roster.move': '{reason}{continues}; moved day {nth} of {max} this week',
  'roster.continues': '; continues at {point} from the day before',
  'roster.unfilled':
    '{home} has no more eligible staff for {to} on {day} ' +
    '(leave, point lead, {max}-day move limit or personal travel limit)',
  'plan.week': 'Week {week} ({first} – {last}), {points} points, {staff} active staff.',
  'plan.roster':
    'Roster: {moves} moved staff-days by {people} people, {minutes} travel minutes; {continued} moves ' +
    'continue the day before; expected counter service level {before|pct} → {after|pct} (target {target|pct}).',
  'plan.repairs': 'Stage 1 was re-solved {count} time(s) to respect who can actually move.',
  'plan.unfilled': 'Unfilled: {staff} × {from} → {to} on {date}: {reason}.',

  // Scenarios and simulation.
  'scenario.invalid': 'scenario is invalid: {field}: {reason}{more}',
  'scenario.invalid_more': ' (and {count} more)',
  'scenario.not_array': 'a scenario is a JSON array of edits',
  'scenario.not_object': 'an edit is an object with a `kind`',
  'scenario.unknown_kind': 'unknown kind; one of {kinds}',
  'scenario.unknown_value': 'unknown {key}; one of {allowed}',
  'scenario.unknown_point': 'unknown point',
  'scenario.unknown_point_code': 'unknown point code',
  'scenario.same_point': 'from and to are the same point',
  'scenario.unknown_branch': 'unknown branch',
  'scenario.not_plan_day': 'not a day of the plan',
  'scenario.not_date': 'not a calendar date',
  'scenario.target_empty': 'give service_level, target_seconds or both',
  'scenario.cannot_move': '{point} has {present} staff present on {date}; cannot move {staff}',
  'scenario.cannot_remove': '{point} has {present} staff present on {date}; cannot remove {staff}',
  'scenario.holiday_outside': 'edit {index}: {date} is outside the plan; it only moves deadlines',
  'scenario.scale_no_match': 'edit {index}: scale_volume matches no demand row',
  'scenario.edit_point': 'scenario edit {index}: unknown point {code}',
  'plan_scenario.move_ignored': '#{index} move_staff ignored: the optimiser chooses its own moves',
  'plan_scenario.closed': '#{index} {point} closed on {days}',
  'plan_scenario.staff': '#{index} {staff} staff at {point}',
  'plan_scenario.volumes': '#{index} volumes ×{factor} on {rows} forecast rows',
  'plan_scenario.standard': '#{index} standard {field}/{channel}/{stage} = {minutes} min',
  'plan_scenario.target': '#{index} service target {target} within {seconds} s',
  'plan_scenario.holiday': '#{index} holiday {date} ({name})',
  'simulate.redirected':
    '{count} expected in-person citizens of closed point-days go to another point or day',
  'simulate.lost': '{count} expected in-person citizens find no open point in the horizon',

  // Route checks.
  'api.not_a_date': '{value} is not a date',
  'api.not_a_date_reason': 'not a calendar date',
  'api.missing': 'missing',
  'api.no_key_id': 'no key {id}',
  'api.revoke_self': 'a key cannot revoke itself',
  'api.demo_only': 'demo keys exist only in the embedded demo mode',
  'api.upload_no_file': 'the form has no file',
  'api.upload_too_large': 'the file is larger than the upload limit',
  'api.upload_content_type': 'send the CSV as a text/csv body or a multipart/form-data file',
  'api.upload_content_type_reason': 'expected text/csv or multipart/form-data',
  'api.scenario_both': 'give scenario or scenarioId, not both',
  'api.scenario_both_reason': 'not with scenario',
  'api.plan_or_week': 'give planId or week',
  'api.plan_or_week_reason': 'planId or week is required',
  'api.no_simulation_result': 'no result for simulation {id} (yet): see GET /jobs/{id}',
  'api.volumes_range': 'from..to must be a range of at most {max} days',
  'api.volumes_range_reason': 'must be on or after from, at most {max} days later',

  // Fastify's own refusals (English keeps fastify's text; these are for the other languages).
  'fastify.FST_ERR_CTP_INVALID_MEDIA_TYPE': 'Unsupported Media Type',
  'fastify.FST_ERR_CTP_BODY_TOO_LARGE': 'Request body is too large',
  'fastify.FST_ERR_CTP_EMPTY_JSON_BODY':
    "Body cannot be empty when content-type is set to 'application/json'",
  'fastify.FST_ERR_CTP_INVALID_JSON_BODY':
    "Body is not valid JSON but content-type is set to 'application/json'",
  'fastify.FST_ERR_CTP_INVALID_CONTENT_LENGTH': 'Request body size did not match Content-Length',
  'fastify.FST_REQ_FILE_TOO_LARGE': 'request file too large',
  'fastify.FST_INVALID_MULTIPART_CONTENT_TYPE': 'the request is not multipart',
  'fastify.invalid_json': 'the body is not valid JSON: {error}',
  'fastify.rate_limit': 'Rate limit exceeded, retry later',

  // Calendar routes.
  'calendar.range': 'from..to must be real dates, at most {max} days apart',
  'calendar.bad_range': 'bad range',
  'calendar.unknown_points': 'unknown point codes: {codes}',
  'calendar.unknown_point_reason': 'unknown point code',
  'calendar.no_closure': 'no closure {name} on {date}',

  // Forecasts (routes and use cases).
  'forecast.fanout_points': 'fanOut splits every point: give points or fanOut, not both',
  'forecast.fanout_points_reason': 'not with fanOut',
  'forecast.no_points': 'there are no points to forecast',
  'forecast.none_yet': 'no forecast run yet: trigger one with POST /forecasts',
  'forecast.no_run': 'no forecast run {id}',
  'forecast.unknown_level': 'unknown forecast level {levels}',
  'forecast.unknown_level_reason': 'not one of {levels}',
  'forecast.no_volumes': 'no stored volumes between {from} and {asOf}; import volumes first',
  'forecast.quantile': 'quantile level {level} is not strictly between 0 and 1',
  'forecast.quantile_reason': 'each level must be in (0, 1)',
  'forecast.horizon': 'horizon {horizon} must be a whole number of days from 1 to 366',
  'forecast.horizon_reason': 'expected an integer in [1, 366]',
  'forecast.no_dates': 'the panel has no dates: give some history or asOf',
  'forecast.duplicate_date': 'series {series} has the date {date} twice',
  'forecast.duplicate_date_reason': 'duplicate date in series {series}',
  'forecast.bad_date': 'series {series} has a bad date {date}',
  'forecast.bad_date_reason': 'expected YYYY-MM-DD',
  'forecast.not_count': 'series {series} has a value that is not a count on {date}',
  'forecast.not_count_reason': 'expected a finite number ≥ 0 or null',
  'forecast.duplicate_key': 'two series have the same key {id}',
  'forecast.duplicate_key_reason': 'duplicate series key',

  // Simulations (use case).
  'simulation.plan_or_week': 'give a plan id or a week',
  'simulation.no_forecast_run': 'plan {id} has no forecast run',

  // Job runners and processors.
  'job.shutting_down': 'the job runner is shutting down',
  'job.retry_not_failed': 'job {id} is {state}; only failed jobs can be retried',
  'job.no_processor': 'no processor for queue {queue}',
  'job.queue_unreachable': 'the job queue cannot be reached ({what}): {error}',
  'job.unknown_name': 'unknown {queue} job name {name}',
  'job.no_upload': 'no upload {id}',
  'job.upload_kind': 'upload {id} holds {kind}, not {expected}',
  'job.state.waiting': 'waiting',
  'job.state.active': 'active',
  'job.state.delayed': 'delayed',
  'job.state.waiting-children': 'waiting-children',
  'job.state.prioritized': 'prioritized',
  'job.state.completed': 'completed',
  'job.state.failed': 'failed',
  'job.state.unknown': 'unknown',
  // Job progress stages (`progress.text`; `progress.stage` stays this English text for API clients).
  'job.stage.queued': 'queued',
  'job.stage.done': 'done',
  'job.stage.reading_history': 'reading history',
  'job.stage.forecasting': 'forecasting',
  'job.stage.saving': 'saving',
  'job.stage.loading_plan': 'loading plan',
  'job.stage.simulating': 'simulating',
  'job.stage.forecast': 'forecast',
  'job.stage.requirements_and_optimisation': 'requirements and optimisation',
  'job.stage.validating': 'validating',
  'job.stage.writing': 'writing',
  'job.stage.sub': '{stage}: {sub}',

  // Store.
  'store.unreachable': 'the database cannot be reached: {error}',
  // Core checks (plans, staffing, simulation).
  'plan.staff_unknown_home': 'staff {id} has unknown home point {point}',
  'plan.unknown_point_reason': 'unknown point',
  'staffing.unknown_point': 'forecast row {line} names unknown point {point}',
  'staffing.bad_value': 'forecast row {line} has a negative or missing value',
  'staffing.bad_value_reason': 'must be a number ≥ 0',
  'simulation.replications': 'replications must be an integer from 2 to 100000',
  'simulation.replications_reason': 'an integer from 2 to 100000',
  'simulation.seed': 'seed must be an integer from 0 to 4294967295',
  'simulation.seed_reason': 'an unsigned 32-bit integer',
  // Forecast input (src/core/forecast).
  'forecast.quantile_level': 'quantile level {level} is not strictly between 0 and 1',
  'forecast.quantile_level_reason': 'each level must be in (0, 1)',
  'forecast.no_history': 'the series has no history: give at least one date',
  'forecast.history_no_dates': 'the series has no dates',
  'forecast.history_bad_date': 'history date {date} is not an ISO date',
  'forecast.history_bad_date_reason': 'expected YYYY-MM-DD',
  'forecast.history_duplicate_date': 'history has the date {date} twice',
  'forecast.history_duplicate_date_reason': 'duplicate date',
  'forecast.history_bad_value': 'history value on {date} is not a count',
  'forecast.history_bad_value_reason': 'expected a finite number ≥ 0 or null',
  // Establishment roadmap (src/core/establishment, issue #16).
  'roadmap.reason':
    '{from} has {spare|1} staff-hours a day to spare, {to} is {short|1} short; {minutes} min from home; skills: {skills|join:, }',
  'roadmap.unknown_point': 'staff {id} has an unknown home point {point}',
  'roadmap.unknown_commune': 'staff {id} has an unknown home commune {commune}',
  'roadmap.bad_workload': 'workload row {line} names an unknown point or a quarter outside the roadmap',
  'roadmap.not_found': 'no roadmap with id {id}',
  'roadmap.decided': 'roadmap {id} is already {status}',
  'roadmap.not_optimal': 'roadmap {id} is {status}, not proven optimal; it cannot be approved',
  'roadmap.no_staff': 'no staff are stored; run `dieuphoi init` or import staff',
  'roadmap.field.land': 'land',
  'roadmap.field.social_policy': 'social policy',
  'roadmap.field.civil_status': 'civil status',
  'roadmap.field.certification': 'certification',
  'roadmap.field.business_household': 'business households',
  'roadmap.field.construction': 'construction',
  'roadmap.field.other': 'other',
} as const;

export type MessageKey = keyof typeof EN;

const VI: Record<MessageKey, string> = {
  'error.INPUT_INVALID': 'Dữ liệu đầu vào không đúng mẫu hoặc quy tắc',
  'error.IMPORT_INVALID': 'Tệp nhập có dòng không hợp lệ; chưa ghi dữ liệu nào',
  'error.NOT_FOUND': 'Không tìm thấy dữ liệu được yêu cầu',
  'error.CONFLICT': 'Yêu cầu xung đột với trạng thái hiện tại',
  'error.FORECAST_HISTORY_TOO_SHORT': 'Chuỗi số liệu quá ngắn cho mô hình dự báo được chọn',
  'error.PLAN_INFEASIBLE': 'Không có phương án nào đáp ứng các ràng buộc bắt buộc',
  'error.STORE_UNAVAILABLE': 'Không kết nối được cơ sở dữ liệu',
  'error.UNAUTHORIZED': 'Thiếu khóa API hoặc khóa API không hợp lệ',
  'error.FORBIDDEN': 'Khóa API không có quyền thực hiện thao tác này',
  'error.QUEUE_UNAVAILABLE': 'Không kết nối được hàng đợi công việc (Redis)',
  'error.NOT_AVAILABLE': 'Chức năng này chưa có trong phiên bản hiện tại',
  'error.RATE_LIMITED': 'Quá nhiều yêu cầu từ khóa này trong một phút',
  'error.INTERNAL': 'Lỗi hệ thống',
  'error.BAD_REQUEST': 'Yêu cầu không hợp lệ',

  'api.internal': 'lỗi hệ thống; vui lòng cung cấp mã yêu cầu {id} khi liên hệ hỗ trợ',
  'api.no_route': 'không có đường dẫn {method} {url}',
  'api.malformed': 'yêu cầu sai cấu trúc: {error}',
  'api.request_invalid': '{part} của yêu cầu không hợp lệ: {field}: {reason}',
  'api.part.body': 'nội dung',
  'api.part.querystring': 'tham số truy vấn',
  'api.part.params': 'tham số đường dẫn',
  'api.part.headers': 'tiêu đề',
  'api.no_key': 'cần gửi khóa API: Authorization: Bearer <khóa>',
  'api.unknown_key': 'khóa API không tồn tại hoặc đã bị thu hồi',
  'api.forbidden_read': 'vai trò {role} không được xem nội dung này',
  'api.forbidden': 'vai trò {role} không được thực hiện thao tác này (cần quyền {permission})',
  'api.not_utf8': 'nội dung yêu cầu không phải UTF-8 hợp lệ',
  'api.refused_char': '{field}: không được dùng ký tự {char} trong văn bản',
  'api.refused_char_reason': 'không được dùng ký tự {char} trong văn bản',
  'api.not_monday': 'tuần phải bắt đầu vào thứ Hai; {week|dmy} không phải thứ Hai',
  'api.not_monday_reason': 'không phải thứ Hai',
  'api.no_plan': 'không có phương án {id}',
  'api.no_scenario': 'không có kịch bản {id}',
  'api.no_job': 'không có công việc {id}',
  'api.no_point': 'không có điểm phục vụ mã {code}',

  'cli.line': 'dòng {line}',
  'cli.value': ' (giá trị {value})',
  'cli.more': '  … và {count} lỗi khác',

  'plan.no_volumes': 'chưa có số liệu hồ sơ theo ngày; hãy nhập số liệu hồ sơ hoặc chạy `dieuphoi init`',
  'plan.history_old':
    'số liệu lịch sử chỉ có đến ngày {last|dmy}, trước ngày cuối tuần {days} ngày; hãy nhập số liệu hồ sơ gần đây trước',
  'plan.no_points': 'chưa có điểm phục vụ nào; hãy chạy `dieuphoi init` hoặc nhập danh sách điểm phục vụ',
  'plan.none_open': 'không có điểm phục vụ nào mở cửa trong tuần bắt đầu ngày {week|dmy}',
  'plan.none_open_reason': 'không có ngày làm việc',
  'plan.no_forecast_rows': 'lần dự báo {run} không có số liệu cho tuần bắt đầu ngày {week|dmy}',
  'plan.not_found': 'không có phương án mã {id}',
  'plan.none_for_week':
    'chưa có phương án cho tuần bắt đầu ngày {week|dmy}; hãy lập bằng `dieuphoi plan --week {week}`',
  'plan.decided': 'phương án {id} đã ở trạng thái {status}',
  'plan.status.draft': 'dự thảo',
  'plan.status.approved': 'đã phê duyệt',
  'plan.status.rejected': 'bị từ chối',
  'plan.other_approved':
    'tuần bắt đầu ngày {week|dmy} đã có phương án được phê duyệt ({other}); hãy từ chối phương án đó trước',

  'schema.required': "thiếu trường bắt buộc '{property}'",
  'schema.additionalProperties': 'có trường không được phép',
  'schema.type': 'phải có kiểu {type}',
  'schema.format': 'phải đúng định dạng "{format}"',
  'schema.minimum': 'phải {comparison} {limit}',
  'schema.maximum': 'phải {comparison} {limit}',
  'schema.minLength': 'không được ngắn hơn {limit} ký tự',
  'schema.maxLength': 'không được dài quá {limit} ký tự',
  'schema.minItems': 'không được ít hơn {limit} phần tử',
  'schema.maxItems': 'không được nhiều hơn {limit} phần tử',
  'schema.pattern': 'phải khớp mẫu "{pattern}"',
  'schema.enum': 'phải là một trong các giá trị cho phép',
  'schema.const': 'phải bằng giá trị quy định',
  'schema.anyOf': 'không khớp với dạng dữ liệu nào được phép',
  'schema.invalid': 'không hợp lệ',

  'import.kind.points': 'điểm phục vụ',
  'import.kind.staff': 'cán bộ',
  'import.kind.volumes': 'số lượng hồ sơ',
  'import.not_utf8':
    'tệp không phải UTF-8 hợp lệ (byte lỗi đầu tiên ở dòng {line}); hãy lưu tệp dạng UTF-8 (CSV UTF-8 trong Excel)',
  'import.not_utf8_row': 'chuỗi byte UTF-8 không hợp lệ',
  'import.columns': 'dòng {line} có {cells} cột; dòng tiêu đề có {header} cột',
  'import.columns_row': '{cells} cột thay vì {header} cột',
  'import.refused_char': 'dòng {line}, cột {column}: không được dùng ký tự {char} trong văn bản',
  'import.refused_char_row': 'không được dùng ký tự {char} trong văn bản',
  'import.file_empty': 'tệp rỗng: cần một dòng tiêu đề và các dòng dữ liệu',
  'import.header': 'dòng tiêu đề không đúng ({problems}); cần: {expected|join: hoặc }',
  'import.header_problems': '{problems}',
  'import.header_missing': 'thiếu cột {columns}',
  'import.header_unknown': 'cột không xác định {columns}',
  'import.header_duplicated': 'cột bị lặp {columns}',
  'import.format': '{required}',
  'import.format_optional': '{required} [không bắt buộc: {optional}]',
  'import.malformed': 'CSV sai cấu trúc ở dòng {line}: {reason}',
  'import.text_after_quote': 'có ký tự sau dấu ngoặc kép đóng',
  'import.stray_quote':
    'có dấu ngoặc kép (") trong giá trị không đặt trong ngoặc kép; hãy đặt cả giá trị trong ngoặc kép và nhân đôi dấu ngoặc kép bên trong',
  'import.unclosed': 'CSV sai cấu trúc: giá trị mở ngoặc kép ở dòng {line} không được đóng',
  'import.unclosed_row': 'thiếu dấu ngoặc kép đóng',
  'import.no_rows': 'tệp {kind} có dòng tiêu đề nhưng không có dòng dữ liệu nào',
  'import.bad_rows.one': 'tệp {kind} có {lines} dòng không hợp lệ; chưa ghi dữ liệu nào',
  'import.bad_rows.other': 'tệp {kind} có {lines} dòng không hợp lệ; chưa ghi dữ liệu nào',
  'import.empty': 'đang để trống',
  'import.too_long': 'dài quá {max} ký tự',
  'import.code': 'phải gồm 1–40 ký tự là chữ cái, chữ số, dấu _ hoặc -',
  'import.whole_number': 'phải là số nguyên',
  'import.too_large': 'quá lớn',
  'import.at_least': 'phải ≥ {min}',
  'import.number': 'phải là số',
  'import.between': 'phải nằm trong khoảng từ {min} đến {max}',
  'import.one_of': 'phải là một trong các giá trị: {allowed}',
  'import.date': 'không phải ngày hợp lệ (ghi theo dạng YYYY-MM-DD)',
  'import.hours': 'phải là các buổi làm việc dạng 08:00-12:00;13:00-17:00',
  'import.boolean': 'phải là true hoặc false (có hoặc không)',
  'import.fields_none': 'phải liệt kê ít nhất một lĩnh vực trong số {fields}, cách nhau bằng dấu ;',
  'import.fields_unknown': 'lĩnh vực không xác định {bad}; dùng {fields}',
  'import.fields_twice': 'có lĩnh vực bị liệt kê hai lần',
  'import.resolved_over': 'lớn hơn số hồ sơ tiếp nhận ({received})',
  'import.on_time_over': 'on_time + overdue lớn hơn số hồ sơ đã giải quyết ({resolved})',
  'import.unknown_point': 'mã điểm phục vụ không tồn tại',
  'import.unknown_home_point': 'mã điểm phục vụ không tồn tại; hãy nhập danh sách điểm phục vụ trước',
  'import.duplicate': 'trùng khóa: giống dòng {first}',

  'text.plain': '{text}',

  'day.label': '{weekday} {date|dmy}',
  'weekday.1': 'thứ Hai',
  'weekday.2': 'thứ Ba',
  'weekday.3': 'thứ Tư',
  'weekday.4': 'thứ Năm',
  'weekday.5': 'thứ Sáu',
  'weekday.6': 'thứ Bảy',
  'weekday.7': 'Chủ nhật',

  'move.lacks': '{point} thiếu {lack|1} cán bộ quầy tiếp nhận vào {day}',
  'move.below_min': '{point} cần thêm {staff} cán bộ vào {day} để đạt mức tối thiểu',
  'move.can_use': '{point} có thể bố trí thêm cán bộ quầy tiếp nhận vào {day}',
  'move.spare': '{point} dư {spare|1} cán bộ',
  'move.can_cover': '{point} vẫn đủ cán bộ cho quầy tiếp nhận của mình khi bớt người',
  'move.reason': '{need}; {give}, cách {minutes} phút di chuyển',
  'stage1.infeasible':
    'vào {day}, các điểm {points} cần tổng cộng ít nhất {min} cán bộ nhưng chỉ có thể có mặt tối đa ' +
    '{reachable} người (cán bộ tại chỗ và cán bộ điều động được trong phạm vi {minutes} phút); hãy giảm ' +
    'min_staff hoặc bổ sung cán bộ tại {short}',
  'stage1.status.optimal': 'tối ưu',
  'stage1.status.feasible': 'khả thi',
  'stage1.status.infeasible': 'không khả thi',
  'stage1.summary':
    '{status}: hàm mục tiêu {objective|3} (cận dưới {bound|3}; nếu không điều động {before|3}); ' +
    'điều động {moved} ngày công, {minutes} phút di chuyển.',
  'stage1.day':
    '{day}: điều động {moved} người; quầy tiếp nhận thiếu {short|1} ngày công ({shortBefore|1} nếu không ' +
    'điều động); xử lý hồ sơ thiếu {processing|1} ngày công ({processingBefore|1} nếu không điều động).',
  'stage1.move': '{staff} × {from} → {to} ({date|dmy}): {reason}',
  'stage1.more': '… và {count} lượt điều động khác.',

  'roster.move': '{reason}{continues}; ngày điều động thứ {nth}/{max} trong tuần',
  'roster.continues': '; tiếp tục làm việc tại {point} như ngày hôm trước',
  'roster.unfilled':
    '{home} không còn cán bộ phù hợp để điều động đến {to} vào {day} (nghỉ phép, là điểm trưởng, đã hết ' +
    'giới hạn {max} ngày điều động hoặc vượt quá thời gian di chuyển cho phép của cán bộ)',
  'plan.week': 'Tuần {week} ({first|dmy} – {last|dmy}), {points} điểm phục vụ, {staff} cán bộ đang làm việc.',
  'plan.roster':
    'Phân công: {moves} ngày công điều động của {people} cán bộ, {minutes} phút di chuyển; {continued} lượt ' +
    'điều động nối tiếp ngày hôm trước; tỷ lệ phục vụ đúng mục tiêu tại quầy dự kiến {before|pct} → ' +
    '{after|pct} (mục tiêu {target|pct}).',
  'plan.repairs': 'Bước 1 đã được giải lại {count} lần để khớp với những cán bộ thực sự điều động được.',
  'plan.unfilled': 'Chưa bố trí được: {staff} × {from} → {to} ngày {date|dmy}: {reason}.',

  'scenario.invalid': 'kịch bản không hợp lệ: {field}: {reason}{more}',
  'scenario.invalid_more': ' (và {count} lỗi khác)',
  'scenario.not_array': 'kịch bản phải là một mảng JSON các thay đổi',
  'scenario.not_object': 'mỗi thay đổi phải là một đối tượng có trường `kind`',
  'scenario.unknown_kind': 'loại thay đổi không xác định; dùng một trong {kinds}',
  'scenario.unknown_value': '{key} không xác định; dùng một trong {allowed}',
  'scenario.unknown_point': 'điểm phục vụ không tồn tại',
  'scenario.unknown_point_code': 'mã điểm phục vụ không tồn tại',
  'scenario.same_point': 'điểm đi và điểm đến trùng nhau',
  'scenario.unknown_branch': 'chi nhánh không tồn tại',
  'scenario.not_plan_day': 'không phải một ngày của phương án',
  'scenario.not_date': 'không phải ngày hợp lệ',
  'scenario.target_empty': 'cần nhập service_level, target_seconds hoặc cả hai',
  'scenario.cannot_move':
    '{point} chỉ có {present} cán bộ có mặt ngày {date|dmy}; không thể điều động {staff} người',
  'scenario.cannot_remove':
    '{point} chỉ có {present} cán bộ có mặt ngày {date|dmy}; không thể bớt {staff} người',
  'scenario.holiday_outside':
    'thay đổi {index}: ngày {date|dmy} nằm ngoài phương án; chỉ làm dịch chuyển thời hạn giải quyết',
  'scenario.scale_no_match': 'thay đổi {index}: scale_volume không khớp với dòng nhu cầu nào',
  'scenario.edit_point': 'thay đổi {index} của kịch bản: điểm phục vụ {code} không tồn tại',
  'plan_scenario.move_ignored': '#{index} bỏ qua move_staff: bộ tối ưu tự chọn các lượt điều động',
  'plan_scenario.closed': '#{index} {point} đóng cửa ngày {days}',
  'plan_scenario.staff': '#{index} {staff} cán bộ tại {point}',
  'plan_scenario.volumes': '#{index} số hồ sơ ×{factor} trên {rows} dòng dự báo',
  'plan_scenario.standard': '#{index} định mức {field}/{channel}/{stage} = {minutes} phút',
  'plan_scenario.target': '#{index} mục tiêu phục vụ {target} trong vòng {seconds} giây',
  'plan_scenario.holiday': '#{index} ngày nghỉ {date|dmy} ({name})',
  'simulate.redirected':
    'dự kiến {count} lượt công dân đến trực tiếp vào ngày điểm phục vụ đóng cửa sẽ chuyển sang điểm hoặc ngày khác',
  'simulate.lost':
    'dự kiến {count} lượt công dân đến trực tiếp không tìm được điểm phục vụ nào mở cửa trong kỳ',

  // Route checks.
  'api.not_a_date': '{value} không phải là ngày hợp lệ',
  'api.not_a_date_reason': 'không phải ngày có trong lịch',
  'api.missing': 'còn thiếu',
  'api.no_key_id': 'không có khóa API {id}',
  'api.revoke_self': 'không thể dùng một khóa để tự thu hồi chính khóa đó',
  'api.demo_only': 'khóa dùng thử chỉ có ở chế độ trình diễn với kho dữ liệu nhúng',
  'api.upload_no_file': 'biểu mẫu không kèm tệp nào',
  'api.upload_too_large': 'tệp vượt quá dung lượng tải lên cho phép',
  'api.upload_content_type':
    'hãy gửi tệp CSV dưới dạng nội dung text/csv hoặc tệp đính kèm multipart/form-data',
  'api.upload_content_type_reason': 'cần text/csv hoặc multipart/form-data',
  'api.scenario_both': 'chỉ gửi scenario hoặc scenarioId, không gửi cả hai',
  'api.scenario_both_reason': 'không dùng cùng với scenario',
  'api.plan_or_week': 'cần gửi planId hoặc week',
  'api.plan_or_week_reason': 'bắt buộc có planId hoặc week',
  'api.no_simulation_result': 'chưa có kết quả mô phỏng {id}: xem GET /jobs/{id}',
  'api.volumes_range': 'khoảng from..to không được dài quá {max} ngày',
  'api.volumes_range_reason': 'phải từ ngày from trở đi và không muộn hơn quá {max} ngày',

  // Fastify's own refusals.
  'fastify.FST_ERR_CTP_INVALID_MEDIA_TYPE': 'kiểu nội dung (Content-Type) của yêu cầu không được hỗ trợ',
  'fastify.FST_ERR_CTP_BODY_TOO_LARGE': 'nội dung yêu cầu vượt quá dung lượng cho phép',
  'fastify.FST_ERR_CTP_EMPTY_JSON_BODY':
    'nội dung yêu cầu không được để trống khi Content-Type là application/json',
  'fastify.FST_ERR_CTP_INVALID_JSON_BODY':
    'nội dung yêu cầu không phải JSON hợp lệ trong khi Content-Type là application/json',
  'fastify.FST_ERR_CTP_INVALID_CONTENT_LENGTH': 'kích thước nội dung không khớp với Content-Length',
  'fastify.FST_REQ_FILE_TOO_LARGE': 'tệp gửi lên vượt quá dung lượng cho phép',
  'fastify.FST_INVALID_MULTIPART_CONTENT_TYPE': 'yêu cầu không ở dạng multipart/form-data',
  'fastify.invalid_json': 'nội dung yêu cầu không phải JSON hợp lệ: {error}',
  'fastify.rate_limit': 'đã vượt quá số yêu cầu cho phép trong một phút; vui lòng thử lại sau',

  // Calendar routes.
  'calendar.range': 'from..to phải là ngày hợp lệ, cách nhau không quá {max} ngày',
  'calendar.bad_range': 'khoảng ngày không hợp lệ',
  'calendar.unknown_points': 'mã điểm phục vụ không xác định: {codes}',
  'calendar.unknown_point_reason': 'mã điểm phục vụ không xác định',
  'calendar.no_closure': 'không có ngày nghỉ cục bộ “{name}” vào ngày {date|dmy}',

  // Forecasts (routes and use cases).
  'forecast.fanout_points':
    'fanOut đã chia theo toàn bộ các điểm: chỉ gửi points hoặc fanOut, không gửi cả hai',
  'forecast.fanout_points_reason': 'không dùng cùng với fanOut',
  'forecast.no_points': 'chưa có điểm phục vụ nào để dự báo',
  'forecast.none_yet': 'chưa có lần dự báo nào: hãy chạy dự báo bằng POST /forecasts',
  'forecast.no_run': 'không có lần dự báo {id}',
  'forecast.unknown_level': 'cấp dự báo không xác định: {levels}',
  'forecast.unknown_level_reason': 'không thuộc các cấp: {levels}',
  'forecast.no_volumes': 'không có số liệu hồ sơ đã lưu từ {from|dmy} đến {asOf|dmy}; hãy nhập số liệu trước',
  'forecast.quantile': 'mức phân vị {level} phải lớn hơn 0 và nhỏ hơn 1',
  'forecast.quantile_reason': 'mỗi mức phải nằm trong khoảng (0, 1)',
  'forecast.horizon': 'tầm dự báo {horizon} phải là số ngày nguyên từ 1 đến 366',
  'forecast.horizon_reason': 'cần số nguyên trong khoảng [1, 366]',
  'forecast.no_dates': 'bảng số liệu không có ngày nào: hãy cung cấp số liệu lịch sử hoặc asOf',
  'forecast.duplicate_date': 'chuỗi {series} có ngày {date} xuất hiện hai lần',
  'forecast.duplicate_date_reason': 'ngày bị trùng trong chuỗi {series}',
  'forecast.bad_date': 'chuỗi {series} có ngày không hợp lệ {date}',
  'forecast.bad_date_reason': 'cần định dạng YYYY-MM-DD',
  'forecast.not_count': 'chuỗi {series} có giá trị không phải số lượng hồ sơ vào ngày {date}',
  'forecast.not_count_reason': 'cần một số hữu hạn ≥ 0 hoặc để trống (null)',
  'forecast.duplicate_key': 'hai chuỗi có cùng khóa {id}',
  'forecast.duplicate_key_reason': 'khóa chuỗi bị trùng',

  // Simulations (use case).
  'simulation.plan_or_week': 'cần mã kế hoạch hoặc tuần',
  'simulation.no_forecast_run': 'kế hoạch {id} không gắn với lần dự báo nào',

  // Job runners and processors.
  'job.shutting_down': 'bộ chạy tác vụ đang dừng hoạt động',
  'job.retry_not_failed': 'tác vụ {id} {state}; chỉ chạy lại được tác vụ đã thất bại',
  'job.no_processor': 'không có bộ xử lý cho hàng đợi {queue}',
  'job.queue_unreachable': 'không kết nối được hàng đợi tác vụ ({what}): {error}',
  'job.unknown_name': 'hàng đợi {queue} không có loại tác vụ {name}',
  'job.no_upload': 'không có tệp tải lên {id}',
  'job.upload_kind': 'tệp tải lên {id} chứa dữ liệu {kind}, không phải {expected}',
  'job.state.waiting': 'đang chờ',
  'job.state.active': 'đang chạy',
  'job.state.delayed': 'đang tạm hoãn',
  'job.state.waiting-children': 'đang chờ các tác vụ con',
  'job.state.prioritized': 'đang chờ theo thứ tự ưu tiên',
  'job.state.completed': 'đã hoàn thành',
  'job.state.failed': 'đã thất bại',
  'job.state.unknown': 'không rõ trạng thái',
  // Job progress stages.
  'job.stage.queued': 'đang chờ xử lý',
  'job.stage.done': 'hoàn tất',
  'job.stage.reading_history': 'đang đọc số liệu lịch sử',
  'job.stage.forecasting': 'đang dự báo',
  'job.stage.saving': 'đang lưu kết quả',
  'job.stage.loading_plan': 'đang tải kế hoạch',
  'job.stage.simulating': 'đang mô phỏng',
  'job.stage.forecast': 'dự báo',
  'job.stage.requirements_and_optimisation': 'đang tính nhu cầu nhân lực và tối ưu điều động',
  'job.stage.validating': 'đang kiểm tra dữ liệu',
  'job.stage.writing': 'đang ghi dữ liệu',
  'job.stage.sub': '{stage} – {sub}',

  // Store.
  'store.unreachable': 'không kết nối được cơ sở dữ liệu: {error}',
  // Core checks (plans, staffing, simulation).
  'plan.staff_unknown_home': 'cán bộ {id} có điểm công tác gốc không xác định: {point}',
  'plan.unknown_point_reason': 'điểm phục vụ không xác định',
  'staffing.unknown_point': 'dòng dự báo {line} ghi điểm phục vụ không xác định: {point}',
  'staffing.bad_value': 'dòng dự báo {line} có giá trị âm hoặc bị thiếu',
  'staffing.bad_value_reason': 'phải là số không âm',
  'simulation.replications': 'số lần lặp mô phỏng (replications) phải là số nguyên từ 2 đến 100000',
  'simulation.replications_reason': 'số nguyên từ 2 đến 100000',
  'simulation.seed': 'hạt giống ngẫu nhiên (seed) phải là số nguyên từ 0 đến 4294967295',
  'simulation.seed_reason': 'số nguyên không âm 32 bit',
  // Forecast input (src/core/forecast).
  'forecast.quantile_level': 'mức phân vị {level} phải nằm trong khoảng (0, 1)',
  'forecast.quantile_level_reason': 'mỗi mức phân vị phải nằm trong khoảng (0, 1)',
  'forecast.no_history': 'chuỗi số liệu chưa có lịch sử: cần ít nhất một ngày',
  'forecast.history_no_dates': 'chuỗi số liệu không có ngày nào',
  'forecast.history_bad_date': 'ngày {date} trong lịch sử không đúng dạng YYYY-MM-DD',
  'forecast.history_bad_date_reason': 'cần ngày dạng YYYY-MM-DD',
  'forecast.history_duplicate_date': 'lịch sử có ngày {date} hai lần',
  'forecast.history_duplicate_date_reason': 'ngày bị trùng',
  'forecast.history_bad_value': 'giá trị ngày {date} không phải là số hồ sơ',
  'forecast.history_bad_value_reason': 'cần một số hữu hạn ≥ 0 hoặc để trống',
  // Lộ trình biên chế (src/core/establishment, issue #16).
  'roadmap.reason':
    '{from} dư {spare|1} giờ công mỗi ngày, {to} thiếu {short|1}; cách nhà {minutes} phút; lĩnh vực: {skills|join:, }',
  'roadmap.unknown_point': 'cán bộ {id} có điểm công tác gốc không xác định: {point}',
  'roadmap.unknown_commune': 'cán bộ {id} có xã/phường nơi ở không xác định: {commune}',
  'roadmap.bad_workload': 'dòng khối lượng công việc {line} ghi điểm không xác định hoặc quý ngoài lộ trình',
  'roadmap.not_found': 'không có lộ trình mã {id}',
  'roadmap.decided': 'lộ trình {id} đã ở trạng thái {status}',
  'roadmap.not_optimal': 'lộ trình {id} ở trạng thái {status}, chưa chứng minh tối ưu; không thể phê duyệt',
  'roadmap.no_staff': 'chưa có cán bộ nào; chạy `dieuphoi init` hoặc nhập danh sách cán bộ',
  'roadmap.field.land': 'đất đai',
  'roadmap.field.social_policy': 'chính sách xã hội',
  'roadmap.field.civil_status': 'hộ tịch',
  'roadmap.field.certification': 'chứng thực',
  'roadmap.field.business_household': 'kinh doanh hộ',
  'roadmap.field.construction': 'xây dựng',
  'roadmap.field.other': 'khác',
};

export const CATALOGUE: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { en: EN, vi: VI };

/** A message: the key and its parameters. */
export function msg(key: MessageKey, params?: Record<string, MsgParam>): Msg {
  return params ? { key, params } : { key };
}

/** The message of an error code's title. */
export function errorTitle(code: ErrorCode | string, lang: Lang): string {
  const key = `error.${code}` as MessageKey;
  return CATALOGUE[lang][key] ?? code;
}

/** The parameter names a template uses (without their format). */
export function templateParams(template: string): string[] {
  return [...template.matchAll(/\{([A-Za-z0-9_]+)(?:\|[^}]*)?\}/g)].map((m) => m[1]!);
}

function isMsg(v: unknown): v is Msg {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as Msg).key === 'string';
}

function decimal(s: string, lang: Lang): string {
  return lang === 'vi' ? s.replace('.', ',') : s;
}

function renderParam(v: MsgParam | undefined, spec: string | undefined, lang: Lang): string {
  if (v === undefined) return '';
  if (Array.isArray(v)) {
    const sep = spec?.startsWith('join:') ? spec.slice(5) : '; ';
    return v.map((x) => renderParam(x, undefined, lang)).join(sep);
  }
  if (isMsg(v)) return render(v, lang);
  if (typeof v === 'number') {
    if (spec && /^\d$/.test(spec)) {
      const d = Number(spec);
      return decimal((Math.round(v * 10 ** d) / 10 ** d).toFixed(d), lang);
    }
    if (spec === 'pct') return `${decimal((v * 100).toFixed(1), lang)}%`;
    return decimal(String(v), lang);
  }
  const s = String(v);
  if (spec === 'dmy' && lang === 'vi') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  }
  return s;
}

/**
 * Renders a message in a language (unknown keys render as the key, so a newer stored message never breaks
 * an older reader).
 * @example render(msg('import.between', { min: 0, max: 1 }), 'vi') // "phải nằm trong khoảng từ 0 đến 1"
 */
export function render(m: Msg, lang: Lang): string {
  const template = CATALOGUE[lang][m.key] ?? CATALOGUE.en[m.key] ?? m.key;
  const params = m.params ?? {};
  return template.replace(/\{([A-Za-z0-9_]+)(?:\|([^}]*))?\}/g, (_, name: string, spec?: string) =>
    renderParam(params[name], spec, lang),
  );
}

/** The English text of a message: what core writes beside it. */
export function en(key: MessageKey, params?: Record<string, MsgParam>): string {
  return render(msg(key, params), 'en');
}

/** A text and its message, for the common `{ reason, reason_msg }` pair. */
export function reasonOf(
  key: MessageKey,
  params?: Record<string, MsgParam>,
): { reason: string; reason_msg: Msg } {
  const m = msg(key, params);
  return { reason: render(m, 'en'), reason_msg: m };
}

const MSG = '_msg';
const MSGS = '_msgs';

/**
 * Renders every text that has a message beside it (`x` + `x_msg`, `xs` + `xs_msgs`) in `lang` and drops the
 * messages. Copies only the objects it changes; anything without messages is returned as it is.
 */
export function localize<T>(value: T, lang: Lang): T {
  return walk(value, lang) as T;
}

function walk(v: unknown, lang: Lang): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x !== 'object' || x === null) continue;
      const y = walk(x, lang);
      if (y !== x) {
        out ??= v.slice();
        out[i] = y;
      }
    }
    return out ?? v;
  }
  if (!isPlain(v)) return v;
  const obj = v as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const k in obj) {
    const x = obj[k];
    if (k.endsWith(MSG) || k.endsWith(MSGS)) {
      out ??= { ...obj };
      delete out[k];
      if (k.endsWith(MSG)) {
        const base = k.slice(0, -MSG.length);
        if (isMsg(x) && base in obj) out[base] = render(x, lang);
      } else {
        const base = k.slice(0, -MSGS.length);
        const texts = obj[base];
        if (Array.isArray(x) && Array.isArray(texts) && x.length === texts.length && x.every(isMsg))
          out[base] = x.map((m) => render(m, lang));
      }
      continue;
    }
    if (typeof x !== 'object' || x === null) continue;
    const y = walk(x, lang);
    if (y !== x) {
      out ??= { ...obj };
      out[k] = y;
    }
  }
  return out ?? v;
}

function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * The language of a request: `?lang=` when given, else the best of Accept-Language (q-values honoured),
 * else English. Only `vi` and `en` are served; `vi-VN` counts as `vi`.
 */
export function pickLang(acceptLanguage: string | undefined, override?: string): Lang {
  const norm = (s: string) => s.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (override) {
    const o = norm(override);
    if ((LANGS as readonly string[]).includes(o)) return o as Lang;
  }
  if (!acceptLanguage) return 'en';
  let best: Lang = 'en';
  let bestQ = 0;
  for (const part of acceptLanguage.split(',')) {
    const [tag = '', ...rest] = part.split(';');
    const qp = rest.map((r) => r.trim()).find((r) => r.startsWith('q='));
    const q = qp ? Number(qp.slice(2)) : 1;
    const l = norm(tag);
    if (!(LANGS as readonly string[]).includes(l) || !(q > bestQ)) continue;
    best = l as Lang;
    bestQ = q;
  }
  return best;
}
