// Chinese (simplified) interface strings: the default language. Official
// terms follow the project glossary (GLOSSARY.md / docs/glossary.md).
// en.ts must have exactly the same keys (its type is checked against this file).
// vue-i18n syntax: {name} interpolates; avoid a bare @ | { } in text.
const zhCN = {
  app: {
    name: '人大履职平台',
    product: 'renda',
  },
  lang: {
    label: '语言',
    zhCN: '中文',
    en: 'English',
  },
  login: {
    title: '登录',
    subtitle: '请使用您的账号登录',
    username: '用户名',
    password: '密码',
    submit: '登录',
    usernameRequired: '请输入用户名',
    passwordRequired: '请输入密码',
    expired: '登录已失效，请重新登录',
  },
  errors: {
    badCredentials: '用户名或密码错误',
    rateLimited: '登录尝试次数过多，请稍后再试',
    network: '无法连接服务器，请检查网络',
    forbidden: '您没有权限执行此操作',
    notFound: '未找到',
    server: '服务器错误（{status}）',
    generic: '操作失败：{message}',
  },
  shell: {
    logout: '退出登录',
    connected: '实时连接正常',
    disconnected: '实时连接已断开',
    collapse: '收起菜单',
    expand: '展开菜单',
    roles: '角色',
  },
  roles: {
    staff: '工作人员',
    presidium: '主席团',
    delegate: '代表',
    handling_unit: '承办单位',
    auditor: '审计人员',
  },
  nav: {
    home: '首页',
    floor: '会议',
    elections: '选举',
    motions: '议案建议',
    opinions: '社情民意',
    duty: '代表履职',
    audit: '审计',
    users: '用户',
  },
  home: {
    welcome: '欢迎，{name}',
    intro: '请从左侧菜单选择要办理的事项。',
    server: '服务器版本 {version}，数据存储：{store}',
    areas: '可用功能',
  },
  placeholder: {
    comingSoon: '建设中',
    floor: '会议：报到与签到、法定人数、议程、电子表决，主席团开启和结束表决，大屏显示实时进度与结果。',
    elections: '选举：职务与应选名额、提名与联名提名、候选人、预选、选票发放与收回、计票与当选公告。',
    motions: '议案建议：代表提出议案和建议、联名附议，交办承办单位，跟踪办理期限、答复与满意度评价。',
    opinions: '社情民意：群众无需账号即可反映问题并凭查询码跟踪，形成问题清单，转为代表履职清单。',
    duty: '代表履职：代表的出席、议案建议、联系群众等活动，汇总为履职档案。',
  },
  audit: {
    title: '审计日志',
    verify: '校验审计链',
    verifyOk: '审计链完整：共 {entries} 条记录，链头 {head}',
    verifyBroken: '审计链在第 {id} 条记录处断裂',
    verifyFailed: '无法校验审计链',
    id: '序号',
    at: '时间',
    actor: '操作人',
    action: '操作',
    subject: '对象',
    detail: '详情',
    hash: '哈希',
    loadMore: '加载更多',
    refresh: '刷新',
    empty: '暂无审计记录',
    end: '已显示全部记录',
  },
  // Audit actions by code, dots as underscores (auth.login -> auth_login).
  // An action without a label here is shown by its code alone.
  auditAction: {
    auth_login: '登录',
    auth_login_failed: '登录失败',
    auth_logout: '退出登录',
    user_create: '创建用户',
    user_roles: '修改角色',
  },
  users: {
    title: '用户',
    id: '编号',
    username: '用户名',
    displayName: '姓名',
    roles: '角色',
    active: '状态',
    enabled: '启用',
    disabled: '停用',
    empty: '暂无用户',
    refresh: '刷新',
  },
  notFound: {
    title: '页面不存在',
    back: '返回首页',
  },
};

export type Messages = typeof zhCN;
export default zhCN;
