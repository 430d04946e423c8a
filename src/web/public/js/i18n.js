// Every string the dashboard shows, in Vietnamese (default) and English, plus number and date formatting
// that follows the chosen language (vi-VN: 1.234,5).

/** @typedef {'vi' | 'en'} Lang */

const vi = {
  'app.title': 'Điều phối nhân lực',
  'app.subtitle': 'Trung tâm Phục vụ hành chính công Hà Nội',
  'nav.label': 'Điều hướng chính',
  'nav.overview': 'Tổng quan',
  'nav.map': 'Bản đồ',
  'nav.plan': 'Kế hoạch tuần',
  'nav.scenarios': 'Kịch bản',
  'nav.jobs': 'Tác vụ',
  'nav.data': 'Dữ liệu',
  'lang.switch': 'English',
  'lang.switchLabel': 'Chuyển sang tiếng Anh',
  skip: 'Bỏ qua, đến nội dung chính',
  logout: 'Đăng xuất',
  loading: 'Đang tải…',
  retry: 'Thử lại',
  close: 'Đóng',
  all: 'Tất cả',
  none: 'Không có',
  yes: 'Có',
  no: 'Không',
  total: 'Tổng',
  date: 'Ngày',
  week: 'Tuần',
  point: 'Điểm phục vụ',
  points: 'Điểm phục vụ',
  branch: 'Chi nhánh',
  staff: 'Cán bộ',
  channel: 'Kênh tiếp nhận',
  field: 'Lĩnh vực',
  status: 'Trạng thái',
  error: 'Lỗi',
  details: 'Chi tiết',
  'unit.dossiers': 'hồ sơ',
  'unit.perDay': '/ngày',
  'unit.minutes': 'phút',
  'unit.staffDays': 'ngày công',

  'role.viewer': 'Người xem',
  'role.planner': 'Người lập kế hoạch',
  'role.manager': 'Quản lý',
  'role.scheduler': 'Người vận hành',
  'role.admin': 'Quản trị',
  'role.current': 'Vai trò: {role}',

  'channel.in_person': 'Trực tiếp',
  'channel.online': 'Trực tuyến',
  'channel.postal': 'Bưu chính công ích',
  'field.land': 'Đất đai',
  'field.social_policy': 'Chính sách xã hội',
  'field.civil_status': 'Hộ tịch',
  'field.certification': 'Chứng thực',
  'field.business_household': 'Hộ kinh doanh',
  'field.construction': 'Xây dựng',
  'field.other': 'Khác',
  'pointType.ward': 'Phường',
  'pointType.commune': 'Xã',

  'login.title': 'Đăng nhập',
  'login.intro':
    'Dán khóa API (API key) do quản trị viên cấp. Khóa chỉ được giữ trong phiên trình duyệt này.',
  'login.key': 'Khóa API',
  'login.submit': 'Đăng nhập',
  'login.bad': 'Khóa không hợp lệ hoặc đã bị thu hồi.',
  'login.demoTitle': 'Chế độ trình diễn',
  'login.demoIntro': 'Máy chủ đang chạy với kho dữ liệu nhúng và có sẵn khóa thử cho từng vai trò.',
  'login.asRole': 'Đăng nhập với vai trò {role}',
  'login.expired': 'Phiên đã hết hạn hoặc khóa bị thu hồi. Hãy đăng nhập lại.',

  'err.network': 'Không kết nối được máy chủ.',
  'err.forbidden': 'Vai trò của bạn không được phép làm việc này.',
  'err.notAvailable': 'Chức năng này chưa có trên máy chủ.',
  'err.generic': 'Có lỗi xảy ra: {message}',

  'empty.noForecast': 'Chưa có dự báo. Người vận hành có thể chạy dự báo ở trang Tác vụ.',
  'empty.noPlan': 'Chưa có kế hoạch cho tuần này.',
  'empty.noJobs': 'Chưa có tác vụ nào.',
  'empty.noMoves': 'Kế hoạch này không điều động ai.',
  'empty.noActuals': 'Chưa có số liệu thực tế để so sánh với dự báo.',
  'empty.noRisk': 'Chưa có dữ liệu để đánh giá nguy cơ quá tải.',
  'empty.loadingHistory': 'Máy chủ đang nạp dữ liệu lịch sử mẫu ({what}); số liệu sẽ hiện khi nạp xong.',

  'overview.title': 'Tổng quan',
  'overview.kpi.points': 'Điểm phục vụ',
  'overview.kpi.staff': 'Cán bộ đang làm việc',
  'overview.kpi.next14': 'Hồ sơ dự báo 14 ngày tới',
  'overview.kpi.run': 'Dự báo mới nhất',
  'overview.kpi.runValue': 'tính đến {date}',
  'overview.forecast': 'Dự báo toàn thành phố 14 ngày tới',
  'overview.forecastHelp':
    'Đường: giá trị kỳ vọng; dải: khoảng p10–p90 (80% khả năng số hồ sơ nằm trong dải).',
  'overview.actuals': 'Thực tế so với dự báo đã lập',
  'overview.actualsHelp': 'Số hồ sơ tiếp nhận thực tế so với dự báo được lập trước đó cho cùng ngày.',
  'overview.risk': 'Điểm có nguy cơ quá tải tuần này',
  'overview.riskHelp': 'Xếp theo khối lượng dự kiến trên mỗi cán bộ (hồ sơ/ngày/cán bộ).',
  'overview.mean': 'Kỳ vọng',
  'overview.p10': 'p10',
  'overview.p90': 'p90',
  'overview.band': 'Khoảng p10–p90',
  'overview.actual': 'Thực tế',
  'overview.forecasted': 'Dự báo',
  'overview.loadPerStaff': 'Hồ sơ/ngày/cán bộ',
  'overview.staffFte': 'Cán bộ',
  'overview.perStaffShort': 'Hồ sơ/cán bộ',
  'overview.expectedShort': 'Hồ sơ/ngày',
  'overview.expected': 'Hồ sơ/ngày dự kiến',
  'overview.mape': 'Sai số trung bình (MAPE): {value}',
  'overview.approx': 'Khoảng p10–p90 của tổng là ước lượng (cộng các phân vị của từng chuỗi).',
  'overview.noPastForecast': 'Chưa có dự báo nào được lập trước những ngày này để so sánh.',

  'map.title': 'Bản đồ điểm phục vụ',
  'map.help':
    'Mỗi ô là vùng gần một điểm phục vụ nhất; màu theo khối lượng dự kiến trên mỗi cán bộ. Chọn một điểm để xem dự báo, cán bộ và kế hoạch.',
  'map.legend': 'Hồ sơ/ngày/cán bộ',
  'map.legendUtil': 'Mức sử dụng sau điều động',
  'map.svgLabel': 'Bản đồ {n} điểm phục vụ của Hà Nội',
  'map.pick': 'Chọn điểm',
  'map.point.forecast': 'Dự báo 14 ngày',
  'map.point.staff': 'Cán bộ ({n})',
  'map.point.plan': 'Trong kế hoạch tuần {week}',
  'map.point.noPlan': 'Điểm này không có điều động trong kế hoạch gần nhất.',
  'map.point.lead': 'Điểm trưởng',
  'map.point.counters': 'Số quầy',
  'map.point.type': 'Loại',
  'map.point.population': 'Dân số',
  'map.point.area': 'Diện tích (km²)',
  'map.point.minStaff': 'Tối thiểu có mặt',
  'map.point.in': 'Đến: {n} ngày công',
  'map.point.out': 'Đi: {n} ngày công',
  'map.source.forecast': 'Theo dự báo',
  'map.source.actuals': 'Theo số liệu 28 ngày gần nhất (chưa có dự báo)',
  'map.source.none': 'Chưa có số liệu khối lượng',

  'plan.title': 'Kế hoạch tuần',
  'plan.pickWeek': 'Tuần (chọn ngày thứ Hai)',
  'plan.pickPlan': 'Phiên bản kế hoạch',
  'plan.draft': 'Lập bản nháp cho tuần này',
  'plan.drafting': 'Đang lập kế hoạch…',
  'plan.status.draft': 'Bản nháp',
  'plan.status.approved': 'Đã duyệt',
  'plan.status.rejected': 'Đã từ chối',
  'plan.approve': 'Duyệt kế hoạch',
  'plan.reject': 'Từ chối',
  'plan.note': 'Ghi chú quyết định',
  'plan.exportCsv': 'Xuất CSV',
  'plan.decideRefused': 'Chỉ quản lý mới được duyệt hoặc từ chối kế hoạch (vai trò hiện tại: {role}).',
  'plan.decided': 'Kế hoạch đã được {status} bởi {by}.',
  'plan.kpi.moves': 'Ngày công điều động',
  'plan.kpi.people': 'Người được điều động',
  'plan.kpi.travel': 'Phút di chuyển',
  'plan.kpi.sl': 'Tỷ lệ phục vụ đúng chuẩn chờ',
  'plan.kpi.wait': 'Thời gian chờ dự kiến',
  'plan.kpi.ontime': 'Tỷ lệ đúng hạn dự kiến',
  'plan.kpi.unmet': 'Giờ công thiếu',
  'plan.simulate': 'Mô phỏng kế hoạch: thời gian chờ và tỷ lệ đúng hạn dự kiến',
  'plan.before': 'Trước',
  'plan.target': 'mục tiêu {v}',
  'plan.after': 'Sau',
  'plan.moves': 'Điều động',
  'plan.movesMap': 'Điều động trên bản đồ',
  'plan.util': 'Mức sử dụng theo điểm (nhu cầu ÷ cán bộ có mặt)',
  'plan.utilHelp': 'Trên 100% là quá tải. Hiển thị các điểm thay đổi nhiều nhất.',
  'plan.explain': 'Giải thích',
  'plan.col.date': 'Ngày',
  'plan.col.staff': 'Cán bộ',
  'plan.col.from': 'Từ điểm',
  'plan.col.to': 'Đến điểm',
  'plan.col.minutes': 'Phút đi',
  'plan.col.reason': 'Lý do',
  'plan.col.count': 'Số người',
  'plan.moreRows': 'Hiển thị {shown}/{total} dòng',
  'plan.showAll': 'Hiện tất cả',
  'plan.created': 'Lập lúc {at}',

  'sc.title': 'Kịch bản giả định',
  'sc.intro': 'Tạo kịch bản, chạy mô phỏng rồi so sánh với phương án gốc.',
  'sc.name': 'Tên kịch bản',
  'sc.week': 'Tuần mô phỏng (thứ Hai)',
  'sc.edits': 'Các thay đổi',
  'sc.add': 'Thêm thay đổi',
  'sc.editN': 'Thay đổi {n}',
  'sc.remove': 'Xóa',
  'sc.kind': 'Loại thay đổi',
  'sc.kind.move_staff': 'Điều động cán bộ',
  'sc.kind.close_point': 'Đóng cửa một điểm',
  'sc.kind.scale_volume': 'Tăng/giảm hồ sơ của một lĩnh vực',
  'sc.kind.add_holiday': 'Thêm ngày nghỉ',
  'sc.kind.add_staff': 'Thêm cán bộ',
  'sc.from': 'Từ điểm',
  'sc.to': 'Đến điểm',
  'sc.count': 'Số người',
  'sc.point': 'Điểm',
  'sc.allPoints': 'Mọi điểm',
  'sc.fromDate': 'Từ ngày',
  'sc.toDate': 'Đến ngày',
  'sc.factor': 'Hệ số (1,3 = +30%)',
  'sc.holidayName': 'Tên ngày nghỉ',
  'sc.replications': 'Số lần mô phỏng',
  'sc.run': 'Chạy mô phỏng',
  'sc.running': 'Đang mô phỏng…',
  'sc.result': 'Kết quả so với phương án gốc',
  'sc.base': 'Gốc',
  'sc.scenario': 'Kịch bản',
  'sc.diff': 'Chênh lệch',
  'sc.metric': 'Chỉ tiêu',
  'sc.noEdits': 'Hãy thêm ít nhất một thay đổi.',
  'sc.saved': 'Kịch bản đã lưu',
  'sc.defaultName': 'Hồ sơ đất đai +30%',
  'sc.byPoint': 'Theo điểm (chênh lệch lớn nhất)',
  'metric.mean_wait_min': 'Thời gian chờ trung bình (phút)',
  'metric.p90_wait_min': 'Thời gian chờ p90 (phút)',
  'metric.served_within_target': 'Phục vụ trong thời gian chờ chuẩn',
  'metric.on_time_rate': 'Tỷ lệ đúng hạn',
  'metric.backlog_end': 'Hồ sơ tồn cuối tuần',
  'metric.overdue': 'Hồ sơ quá hạn',
  'metric.overdue_risk': 'Nguy cơ quá hạn',
  'metric.arrivals': 'Hồ sơ đến',
  'metric.utilisation': 'Mức sử dụng',

  'jobs.title': 'Tác vụ',
  'jobs.intro': 'Dự báo hằng đêm, lập kế hoạch tuần, mô phỏng và nhập dữ liệu chạy dưới dạng tác vụ.',
  'jobs.trigger': 'Chạy tác vụ',
  'jobs.triggerForecast': 'Chạy dự báo',
  'jobs.triggerPlan': 'Lập kế hoạch tuần',
  'jobs.asOf': 'Tính đến ngày',
  'jobs.horizon': 'Số ngày dự báo',
  'jobs.week': 'Tuần (thứ Hai)',
  'jobs.onlyScheduler': 'Chỉ người vận hành (scheduler) hoặc quản trị mới chạy được dự báo.',
  'jobs.onlyPlanner': 'Cần vai trò lập kế hoạch, quản lý hoặc quản trị để lập kế hoạch.',
  'jobs.col.id': 'Mã tác vụ',
  'jobs.col.queue': 'Hàng đợi',
  'jobs.col.state': 'Trạng thái',
  'jobs.col.progress': 'Tiến độ',
  'jobs.col.created': 'Tạo lúc',
  'jobs.col.attempts': 'Lần thử',
  'jobs.col.error': 'Lỗi',
  'jobs.retry': 'Chạy lại',
  'jobs.refresh': 'Làm mới',
  'jobs.existing': 'Tác vụ này đã có (mã {id}); không tạo thêm.',
  'jobs.created': 'Đã tạo tác vụ {id}.',
  'jobs.schedules': 'Lịch chạy tự động',
  'queue.forecast': 'Dự báo',
  'queue.plan': 'Kế hoạch',
  'queue.simulate': 'Mô phỏng',
  'queue.import': 'Nhập dữ liệu',
  'state.waiting': 'Đang chờ',
  'state.active': 'Đang chạy',
  'state.completed': 'Hoàn thành',
  'state.failed': 'Thất bại',
  'state.delayed': 'Chờ thử lại',
  'state.waiting-children': 'Chờ tác vụ con',
  'state.prioritized': 'Đang chờ',
  'state.unknown': 'Không rõ',

  'data.title': 'Dữ liệu',
  'data.intro':
    'Tải lên tệp CSV. Tệp được kiểm tra toàn bộ; chỉ khi không còn lỗi nào thì dữ liệu mới được nhập.',
  'data.kind': 'Loại dữ liệu',
  'data.kind.volumes': 'Số hồ sơ theo ngày',
  'data.kind.points': 'Điểm phục vụ',
  'data.kind.staff': 'Cán bộ',
  'data.file': 'Tệp CSV',
  'data.upload': 'Kiểm tra và nhập',
  'data.uploading': 'Đang kiểm tra…',
  'data.ok': 'Đã nhập {rows} dòng.',
  'data.bad': 'Tệp có {n} lỗi; chưa nhập dòng nào. Sửa các dòng dưới đây rồi tải lại.',
  'data.col.line': 'Dòng',
  'data.col.field': 'Cột',
  'data.col.value': 'Giá trị',
  'data.col.reason': 'Lý do',
  'data.formats': 'Định dạng tệp',
  'data.needRole': 'Cần vai trò lập kế hoạch, quản lý, vận hành hoặc quản trị để nhập dữ liệu.',
  'data.summary': 'Dữ liệu hiện có',
  'data.lastDay': 'Ngày có số liệu hồ sơ gần nhất',
};

/** @type {Record<keyof typeof vi, string>} */
const en = {
  'app.title': 'Staff coordination',
  'app.subtitle': 'Hanoi Public Administrative Service Center',
  'nav.label': 'Main navigation',
  'nav.overview': 'Overview',
  'nav.map': 'Map',
  'nav.plan': 'Weekly plan',
  'nav.scenarios': 'Scenarios',
  'nav.jobs': 'Jobs',
  'nav.data': 'Data',
  'lang.switch': 'Tiếng Việt',
  'lang.switchLabel': 'Switch to Vietnamese',
  skip: 'Skip to main content',
  logout: 'Log out',
  loading: 'Loading…',
  retry: 'Retry',
  close: 'Close',
  all: 'All',
  none: 'None',
  yes: 'Yes',
  no: 'No',
  total: 'Total',
  date: 'Date',
  week: 'Week',
  point: 'Service point',
  points: 'Service points',
  branch: 'Branch',
  staff: 'Staff',
  channel: 'Channel',
  field: 'Field',
  status: 'Status',
  error: 'Error',
  details: 'Details',
  'unit.dossiers': 'dossiers',
  'unit.perDay': '/day',
  'unit.minutes': 'min',
  'unit.staffDays': 'staff-days',

  'role.viewer': 'Viewer',
  'role.planner': 'Planner',
  'role.manager': 'Manager',
  'role.scheduler': 'Scheduler',
  'role.admin': 'Admin',
  'role.current': 'Role: {role}',

  'channel.in_person': 'In person',
  'channel.online': 'Online',
  'channel.postal': 'Public postal',
  'field.land': 'Land',
  'field.social_policy': 'Social policy',
  'field.civil_status': 'Civil status',
  'field.certification': 'Certification',
  'field.business_household': 'Business households',
  'field.construction': 'Construction',
  'field.other': 'Other',
  'pointType.ward': 'Ward',
  'pointType.commune': 'Commune',

  'login.title': 'Log in',
  'login.intro': 'Paste the API key your administrator gave you. It is kept for this browser session only.',
  'login.key': 'API key',
  'login.submit': 'Log in',
  'login.bad': 'This key is unknown or revoked.',
  'login.demoTitle': 'Demo mode',
  'login.demoIntro': 'The server runs on the embedded store and offers a demo key for each role.',
  'login.asRole': 'Log in as {role}',
  'login.expired': 'Your session ended or the key was revoked. Please log in again.',

  'err.network': 'Cannot reach the server.',
  'err.forbidden': 'Your role may not do this.',
  'err.notAvailable': 'The server does not offer this yet.',
  'err.generic': 'Something went wrong: {message}',

  'empty.noForecast': 'No forecast yet. A scheduler can run one from the Jobs page.',
  'empty.noPlan': 'No plan for this week yet.',
  'empty.noJobs': 'No jobs yet.',
  'empty.noMoves': 'This plan moves nobody.',
  'empty.noActuals': 'No actuals yet to compare with the forecasts.',
  'empty.noRisk': 'Not enough data yet to rank overload risk.',
  'empty.loadingHistory':
    'The server is still loading the sample history ({what}); figures appear when it is done.',

  'overview.title': 'Overview',
  'overview.kpi.points': 'Service points',
  'overview.kpi.staff': 'Active staff',
  'overview.kpi.next14': 'Dossiers forecast, next 14 days',
  'overview.kpi.run': 'Latest forecast',
  'overview.kpi.runValue': 'as of {date}',
  'overview.forecast': 'City forecast, next 14 days',
  'overview.forecastHelp': 'Line: expected value; band: p10–p90 (80% chance the count falls inside).',
  'overview.actuals': 'Actuals against past forecasts',
  'overview.actualsHelp': 'Dossiers actually received against what was forecast earlier for the same days.',
  'overview.risk': 'Points most at risk of overload this week',
  'overview.riskHelp': 'Ranked by expected load per staff member (dossiers per day per staff).',
  'overview.mean': 'Expected',
  'overview.p10': 'p10',
  'overview.p90': 'p90',
  'overview.band': 'p10–p90 band',
  'overview.actual': 'Actual',
  'overview.forecasted': 'Forecast',
  'overview.loadPerStaff': 'Dossiers/day/staff',
  'overview.staffFte': 'Staff',
  'overview.perStaffShort': 'Per staff',
  'overview.expectedShort': 'Dossiers/day',
  'overview.expected': 'Expected dossiers/day',
  'overview.mape': 'Mean absolute percentage error (MAPE): {value}',
  'overview.approx': 'The p10–p90 band of a total is approximate (sum of the series quantiles).',
  'overview.noPastForecast': 'No forecast made before these days yet to compare with.',

  'map.title': 'Map of service points',
  'map.help':
    'Each cell is the area nearest to one point, coloured by expected load per staff member. Pick a point to see its forecast, staff and plan.',
  'map.legend': 'Dossiers/day/staff',
  'map.legendUtil': 'Utilisation after the moves',
  'map.svgLabel': 'Map of Hanoi’s {n} service points',
  'map.pick': 'Pick a point',
  'map.point.forecast': '14-day forecast',
  'map.point.staff': 'Staff ({n})',
  'map.point.plan': 'In the plan of week {week}',
  'map.point.noPlan': 'No moves involve this point in the latest plan.',
  'map.point.lead': 'Point lead',
  'map.point.counters': 'Counters',
  'map.point.type': 'Type',
  'map.point.population': 'Population',
  'map.point.area': 'Area (km²)',
  'map.point.minStaff': 'Minimum present',
  'map.point.in': 'In: {n} staff-days',
  'map.point.out': 'Out: {n} staff-days',
  'map.source.forecast': 'From the forecast',
  'map.source.actuals': 'From the last 28 days of actuals (no forecast yet)',
  'map.source.none': 'No volume data yet',

  'plan.title': 'Weekly plan',
  'plan.pickWeek': 'Week (pick its Monday)',
  'plan.pickPlan': 'Plan version',
  'plan.draft': 'Draft a plan for this week',
  'plan.drafting': 'Drafting the plan…',
  'plan.status.draft': 'Draft',
  'plan.status.approved': 'Approved',
  'plan.status.rejected': 'Rejected',
  'plan.approve': 'Approve plan',
  'plan.reject': 'Reject',
  'plan.note': 'Decision note',
  'plan.exportCsv': 'Export CSV',
  'plan.decideRefused': 'Only managers may approve or reject a plan (your role: {role}).',
  'plan.decided': 'The plan was {status} by {by}.',
  'plan.kpi.moves': 'Moved staff-days',
  'plan.kpi.people': 'People moved',
  'plan.kpi.travel': 'Travel minutes',
  'plan.kpi.sl': 'Served within target wait',
  'plan.kpi.wait': 'Expected wait',
  'plan.kpi.ontime': 'Expected on-time rate',
  'plan.kpi.unmet': 'Unmet hours',
  'plan.simulate': 'Simulate the plan: expected waits and on-time rate',
  'plan.before': 'Before',
  'plan.target': 'target {v}',
  'plan.after': 'After',
  'plan.moves': 'Moves',
  'plan.movesMap': 'Moves on the map',
  'plan.util': 'Utilisation per point (need ÷ staff present)',
  'plan.utilHelp': 'Above 100% is overload. Showing the points that change most.',
  'plan.explain': 'Explanation',
  'plan.col.date': 'Date',
  'plan.col.staff': 'Staff',
  'plan.col.from': 'From',
  'plan.col.to': 'To',
  'plan.col.minutes': 'Travel min',
  'plan.col.reason': 'Reason',
  'plan.col.count': 'People',
  'plan.moreRows': 'Showing {shown} of {total} rows',
  'plan.showAll': 'Show all',
  'plan.created': 'Created {at}',

  'sc.title': 'What-if scenarios',
  'sc.intro': 'Build a scenario, run the simulation and compare it with the base.',
  'sc.name': 'Scenario name',
  'sc.week': 'Week to simulate (Monday)',
  'sc.edits': 'Changes',
  'sc.add': 'Add a change',
  'sc.editN': 'Change {n}',
  'sc.remove': 'Remove',
  'sc.kind': 'Kind of change',
  'sc.kind.move_staff': 'Move staff',
  'sc.kind.close_point': 'Close a point',
  'sc.kind.scale_volume': 'Scale a field’s volume',
  'sc.kind.add_holiday': 'Add a holiday',
  'sc.kind.add_staff': 'Add staff',
  'sc.from': 'From point',
  'sc.to': 'To point',
  'sc.count': 'People',
  'sc.point': 'Point',
  'sc.allPoints': 'Every point',
  'sc.fromDate': 'From',
  'sc.toDate': 'To',
  'sc.factor': 'Factor (1.3 = +30%)',
  'sc.holidayName': 'Holiday name',
  'sc.replications': 'Simulated weeks',
  'sc.run': 'Run simulation',
  'sc.running': 'Simulating…',
  'sc.result': 'Result against the base',
  'sc.base': 'Base',
  'sc.scenario': 'Scenario',
  'sc.diff': 'Difference',
  'sc.metric': 'Measure',
  'sc.noEdits': 'Add at least one change.',
  'sc.saved': 'Saved scenarios',
  'sc.defaultName': 'Land dossiers +30%',
  'sc.byPoint': 'By point (largest differences)',
  'metric.mean_wait_min': 'Mean wait (min)',
  'metric.p90_wait_min': 'p90 wait (min)',
  'metric.served_within_target': 'Served within target wait',
  'metric.on_time_rate': 'On-time rate',
  'metric.backlog_end': 'Backlog at week end',
  'metric.overdue': 'Overdue dossiers',
  'metric.overdue_risk': 'Overdue risk',
  'metric.arrivals': 'Arrivals',
  'metric.utilisation': 'Utilisation',

  'jobs.title': 'Jobs',
  'jobs.intro': 'Nightly forecasts, weekly plans, simulations and imports run as jobs.',
  'jobs.trigger': 'Run a job',
  'jobs.triggerForecast': 'Run forecast',
  'jobs.triggerPlan': 'Draft weekly plan',
  'jobs.asOf': 'As of',
  'jobs.horizon': 'Days ahead',
  'jobs.week': 'Week (Monday)',
  'jobs.onlyScheduler': 'Only schedulers or admins may run forecasts.',
  'jobs.onlyPlanner': 'Planners, managers or admins may draft plans.',
  'jobs.col.id': 'Job id',
  'jobs.col.queue': 'Queue',
  'jobs.col.state': 'State',
  'jobs.col.progress': 'Progress',
  'jobs.col.created': 'Created',
  'jobs.col.attempts': 'Attempts',
  'jobs.col.error': 'Error',
  'jobs.retry': 'Retry',
  'jobs.refresh': 'Refresh',
  'jobs.existing': 'This job already exists (id {id}); nothing new was queued.',
  'jobs.created': 'Job {id} queued.',
  'jobs.schedules': 'Schedules',
  'queue.forecast': 'Forecast',
  'queue.plan': 'Plan',
  'queue.simulate': 'Simulation',
  'queue.import': 'Import',
  'state.waiting': 'Waiting',
  'state.active': 'Running',
  'state.completed': 'Completed',
  'state.failed': 'Failed',
  'state.delayed': 'Retry pending',
  'state.waiting-children': 'Waiting for children',
  'state.prioritized': 'Waiting',
  'state.unknown': 'Unknown',

  'data.title': 'Data',
  'data.intro': 'Upload a CSV file. The whole file is checked; nothing is imported until it has no errors.',
  'data.kind': 'What the file holds',
  'data.kind.volumes': 'Daily dossier counts',
  'data.kind.points': 'Service points',
  'data.kind.staff': 'Staff',
  'data.file': 'CSV file',
  'data.upload': 'Check and import',
  'data.uploading': 'Checking…',
  'data.ok': '{rows} rows imported.',
  'data.bad': 'The file has {n} errors; no row was imported. Fix the rows below and upload again.',
  'data.col.line': 'Line',
  'data.col.field': 'Column',
  'data.col.value': 'Value',
  'data.col.reason': 'Reason',
  'data.formats': 'File formats',
  'data.needRole': 'Planners, managers, schedulers or admins may import data.',
  'data.summary': 'Data in the store',
  'data.lastDay': 'Last day with dossier counts',
};

export const DICTIONARY = { vi, en };
const STORE_KEY = 'dieuphoi.lang';

/** @type {Lang} */
let lang = (() => {
  try {
    const saved = localStorage.getItem(STORE_KEY);
    return saved === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
})();

/** @returns {Lang} */
export function currentLang() {
  return lang;
}

/** @param {Lang} next */
export function setLang(next) {
  lang = next;
  try {
    localStorage.setItem(STORE_KEY, next);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.lang = next;
}

/**
 * The string for `key` in the current language, with `{name}` placeholders filled.
 * @param {string} key
 * @param {Record<string, string | number>} [params]
 */
export function t(key, params) {
  const table = /** @type {Record<string, string>} */ (DICTIONARY[lang]);
  let s = table[key] ?? /** @type {Record<string, string>} */ (vi)[key] ?? key;
  if (params) for (const [k, v] of Object.entries(params)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

/** The BCP 47 locale for Intl: vi-VN writes 1.234,5; English uses en-GB (day-month order like Vietnam). */
export function locale() {
  return lang === 'vi' ? 'vi-VN' : 'en-GB';
}

const numberFormats = new Map();
/**
 * A number in the current language (vi: 1.234,5).
 * @param {number | null | undefined} v
 * @param {number} [digits] fraction digits (max; min 0)
 */
export function fmtNum(v, digits = 0) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const key = `${lang}|${digits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale(), { maximumFractionDigits: digits, minimumFractionDigits: 0 });
    numberFormats.set(key, f);
  }
  return f.format(v);
}

/**
 * A share as a percentage (0.973 → "97,3 %" in Vietnamese).
 * @param {number | null | undefined} v
 * @param {number} [digits]
 */
export function fmtPct(v, digits = 1) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return new Intl.NumberFormat(locale(), {
    style: 'percent',
    maximumFractionDigits: digits,
    minimumFractionDigits: 0,
  }).format(v);
}

/**
 * An ISO date (YYYY-MM-DD) as the user reads it: 25/11/2026 (vi) or 25 Nov 2026 (en), optionally with the weekday.
 * @param {string} iso
 * @param {{ weekday?: boolean, short?: boolean }} [opts]
 */
export function fmtDate(iso, opts = {}) {
  if (!iso) return '–';
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  const weekday = opts.weekday
    ? `${new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', weekday: 'short' }).format(d)}, `
    : '';
  if (lang === 'vi') {
    // Vietnamese writes 25/11/2026 (Intl gives 25-11 for day and month alone).
    const dd = iso.slice(8, 10);
    const mm = iso.slice(5, 7);
    return `${weekday}${dd}/${mm}${opts.short ? '' : `/${iso.slice(0, 4)}`}`;
  }
  /** @type {Intl.DateTimeFormatOptions} */
  const o = { timeZone: 'UTC', day: '2-digit', month: opts.short ? '2-digit' : 'short' };
  if (!opts.short) o.year = 'numeric';
  return `${weekday}${new Intl.DateTimeFormat(locale(), o).format(d)}`;
}

/**
 * A timestamp in Hanoi time.
 * @param {string | number} ts
 */
export function fmtTime(ts) {
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return String(ts);
  const local = new Date(d.getTime() + 7 * 3_600_000).toISOString();
  return `${fmtDate(local.slice(0, 10), { short: true })} ${local.slice(11, 19)}`;
}
