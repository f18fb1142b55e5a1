<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AnnualEnergyForm</name>
    <message>
        <source>Annual energy before and after</source>
        <translation>改造前后年用电量</translation>
    </message>
    <message>
        <source>Energy before</source>
        <translation>改造前用电量</translation>
    </message>
    <message>
        <source>energy before</source>
        <translation>改造前用电量</translation>
    </message>
    <message>
        <source>Energy after</source>
        <translation>改造后用电量</translation>
    </message>
    <message>
        <source>energy after</source>
        <translation>改造后用电量</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Something went wrong; your project is still open. Save it, and report this message:</source>
        <translation>程序出现错误，但项目仍然打开。请先保存项目，并报告以下信息：</translation>
    </message>
    <message>
        <source>Cannot open %1; showing the example project instead</source>
        <translation>无法打开 %1，已改为显示示例项目</translation>
    </message>
</context>
<context>
    <name>BillCheckChart</name>
    <message>
        <source>Monthly bill: model vs actual (10k yuan)</source>
        <translation>月度电费:模型与实际(万元)</translation>
    </message>
    <message>
        <source>Actual bill</source>
        <translation>实际账单</translation>
    </message>
    <message>
        <source>Model before calibration</source>
        <translation>校准前模型</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
</context>
<context>
    <name>BillEditor</name>
    <message>
        <source>Change {field}</source>
        <translation>修改{field}</translation>
    </message>
    <message>
        <source>Contracted demand (basic charge)</source>
        <translation>合同最大需量(基本电费)</translation>
    </message>
    <message>
        <source>Contracted demand</source>
        <translation>合同最大需量</translation>
    </message>
    <message>
        <source>contracted demand</source>
        <translation>合同最大需量</translation>
    </message>
    <message>
        <source>Contract basis: the contract is billed every month; only the demand above 105 % of it is billed, at twice the rate. A contract below 40 % of the transformer capacity is not allowed. Demand-billed months with at least 260 kWh per kVA of transformer capacity pay the demand price at 90 % (NDRC price [2023] No. 526). Choose the basis on the Tariff tab.</source>
        <translation>按合同需量计费:合同需量每月照收;实际需量超过合同 105% 的部分按两倍电价加收。合同需量不得低于变压器容量的 40%。按需量计费的用户当月每千伏安用电量达到 260 kWh 及以上时,需量电价按 90% 执行(发改价格〔2023〕526号)。计费方式在“电价”页选择。</translation>
    </message>
    <message>
        <source>Power-factor adjustment (力调电费)</source>
        <translation>功率因数调整电费(力调电费)</translation>
    </message>
    <message>
        <source>The bill has a power-factor adjustment</source>
        <translation>电费单含功率因数调整电费</translation>
    </message>
    <message>
        <source>0.90 (industry, 160 kVA and above)</source>
        <translation>0.90(160 kVA 及以上工业用户)</translation>
    </message>
    <message>
        <source>0.85 (other industry and non-industry users)</source>
        <translation>0.85(其他工业及非工业用户)</translation>
    </message>
    <message>
        <source>0.80 (agriculture, wholesale)</source>
        <translation>0.80(农业用户、趸售)</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>考核标准</translation>
    </message>
    <message>
        <source>PF standard</source>
        <translation>功率因数考核标准</translation>
    </message>
    <message>
        <source>kvarh per kWh of the baseline</source>
        <translation>按基准有功电量的无功比例</translation>
    </message>
    <message>
        <source>12 monthly kvarh values</source>
        <translation>12 个月的无功电量</translation>
    </message>
    <message>
        <source>kvarh of the monthly bills</source>
        <translation>月度账单中的无功电量</translation>
    </message>
    <message>
        <source>Reactive energy from</source>
        <translation>无功电量来源</translation>
    </message>
    <message>
        <source>reactive energy source</source>
        <translation>无功电量来源</translation>
    </message>
    <message>
        <source>kvarh/kWh</source>
        <translation>kvarh/kWh</translation>
    </message>
    <message>
        <source>Reactive ratio</source>
        <translation>无功/有功比</translation>
    </message>
    <message>
        <source>reactive ratio</source>
        <translation>无功/有功比</translation>
    </message>
    <message>
        <source>12 values, January first, separated by commas</source>
        <translation>12 个数值,从一月开始,用逗号分隔</translation>
    </message>
    <message>
        <source>Monthly kvarh</source>
        <translation>月无功电量</translation>
    </message>
    <message>
        <source>monthly kvarh</source>
        <translation>月无功电量</translation>
    </message>
    <message>
        <source>Monthly PF = kWh / √(kWh² + kvarh²) on grid imports, rounded to 0.01; the percentage of the (83) 水电财字第215号 tables applies to the energy and basic charges. kvarh are not changed by efficiency, PV or storage, so they lower the PF: add a power-factor correction measure.</source>
        <translation>月功率因数 = 下网有功电量 / √(有功² + 无功²),保留两位小数;按 (83) 水电财字第215号 调整表的百分比对电度电费与基本电费加收或减收。能效措施、光伏和储能不改变无功电量,会使功率因数下降:可增加无功补偿措施。</translation>
    </message>
    <message>
        <source>Surcharges and VAT</source>
        <translation>附加费与增值税</translation>
    </message>
    <message>
        <source>Funds and surcharges</source>
        <translation>政府性基金及附加</translation>
    </message>
    <message>
        <source>funds and surcharges</source>
        <translation>政府性基金及附加</translation>
    </message>
    <message>
        <source>The prices include 13 % VAT</source>
        <translation>电价含 13% 增值税</translation>
    </message>
    <message>
        <source>VAT included</source>
        <translation>含增值税</translation>
    </message>
    <message>
        <source>The factory deducts input VAT (savings valued without VAT)</source>
        <translation>工厂可抵扣进项税(节省按不含税计)</translation>
    </message>
    <message>
        <source>VAT deductible</source>
        <translation>可抵扣进项税</translation>
    </message>
    <message>
        <source>Holidays</source>
        <translation>节假日</translation>
    </message>
    <message>
        <source>State Council statutory holidays, make-up working days included</source>
        <translation>国务院法定节假日(含调休上班日)</translation>
    </message>
    <message>
        <source>statutory holidays</source>
        <translation>法定节假日</translation>
    </message>
    <message>
        <source>Holidays have their own period schedule (e.g. a holiday deep valley)</source>
        <translation>节假日单独设定时段(如节假日深谷)</translation>
    </message>
    <message>
        <source>PV export price</source>
        <translation>光伏上网电价</translation>
    </message>
    <message>
        <source>e.g. mechanism price of NDRC price [2025] No. 136, auction of 2025-10</source>
        <translation>例如:发改价格〔2025〕136号 机制电价,2025-10 竞价结果</translation>
    </message>
    <message>
        <source>What the price is</source>
        <translation>电价说明</translation>
    </message>
    <message>
        <source>export price note</source>
        <translation>上网电价说明</translation>
    </message>
    <message>
        <source>Monthly bills (12 months)</source>
        <translation>月度电费账单(12 个月)</translation>
    </message>
    <message>
        <source>Import bills…</source>
        <translation>导入账单…</translation>
    </message>
    <message>
        <source>CSV or XLSX, one row a month: month, kwh, [kwh_peak…], max_demand_kw, kvarh, total_yuan</source>
        <translation>CSV 或 XLSX,每月一行:月份、电量、[分时电量…]、最大需量、无功电量、电费合计</translation>
    </message>
    <message>
        <source>Start from the model</source>
        <translation>以模型值开始</translation>
    </message>
    <message>
        <source>Fill 12 bills with the model's baseline, to edit</source>
        <translation>用模型的基准值填入 12 个月账单,再逐项修改</translation>
    </message>
    <message>
        <source>Remove the bills</source>
        <translation>删除账单</translation>
    </message>
    <message>
        <source>Calibrate the baseline to the bills (kWh of each month and period)</source>
        <translation>按账单校准基准负荷(每月及各时段电量)</translation>
    </message>
    <message>
        <source>calibration</source>
        <translation>校准</translation>
    </message>
    <message>
        <source>Year-1 bill, line by line (yuan)</source>
        <translation>首年电费明细(元)</translation>
    </message>
    <message>
        <source>Year: model {model} yuan, bills {actual} yuan, difference {diff:+.2f} %</source>
        <translation>全年:模型 {model} 元,账单 {actual} 元,差 {diff:+.2f} %</translation>
    </message>
    <message>
        <source>Before calibration: {diff:+.2f} %</source>
        <translation>校准前:{diff:+.2f} %</translation>
    </message>
    <message>
        <source>Add the power-factor adjustment</source>
        <translation>添加力调电费</translation>
    </message>
    <message>
        <source>Remove the power-factor adjustment</source>
        <translation>删除力调电费</translation>
    </message>
    <message>
        <source>Give holidays their own schedule</source>
        <translation>节假日单独设定时段</translation>
    </message>
    <message>
        <source>Bill holidays as rest days</source>
        <translation>节假日按休息日计费</translation>
    </message>
    <message>
        <source>Paint {n} hours on holidays</source>
        <translation>涂改节假日 {n} 个小时</translation>
    </message>
    <message>
        <source>Import monthly bills</source>
        <translation>导入月度账单</translation>
    </message>
    <message>
        <source>Bills (*.csv *.xlsx)</source>
        <translation>账单 (*.csv *.xlsx)</translation>
    </message>
    <message>
        <source>Import 12 monthly bills</source>
        <translation>导入 12 个月账单</translation>
    </message>
    <message>
        <source>No results yet: fix the inputs first.</source>
        <translation>尚无计算结果:请先修正输入。</translation>
    </message>
    <message>
        <source>Fill the bills from the model</source>
        <translation>用模型值填入账单</translation>
    </message>
    <message>
        <source>Remove the monthly bills</source>
        <translation>删除月度账单</translation>
    </message>
</context>
<context>
    <name>BillLinesModel</name>
    <message>
        <source>Energy</source>
        <translation>电度电费</translation>
    </message>
    <message>
        <source>Basic</source>
        <translation>基本电费</translation>
    </message>
    <message>
        <source>PF</source>
        <translation>功率因数</translation>
    </message>
    <message>
        <source>PF adjustment</source>
        <translation>力调电费</translation>
    </message>
    <message>
        <source>Surcharges</source>
        <translation>基金及附加</translation>
    </message>
    <message>
        <source>Bill</source>
        <translation>电费合计</translation>
    </message>
    <message>
        <source>{line} before</source>
        <translation>改造前{line}</translation>
    </message>
    <message>
        <source>{line} after</source>
        <translation>改造后{line}</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
</context>
<context>
    <name>BillsTableModel</name>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>kWh</source>
        <translation>电量(kWh)</translation>
    </message>
    <message>
        <source>Max demand (kW)</source>
        <translation>最大需量(kW)</translation>
    </message>
    <message>
        <source>kvarh</source>
        <translation>无功(kvarh)</translation>
    </message>
    <message>
        <source>Bill total (yuan)</source>
        <translation>电费合计(元)</translation>
    </message>
    <message>
        <source>Model (yuan)</source>
        <translation>模型(元)</translation>
    </message>
    <message>
        <source>Difference (%)</source>
        <translation>差额(%)</translation>
    </message>
    <message>
        <source>Before calibration (%)</source>
        <translation>校准前(%)</translation>
    </message>
    <message>
        <source>Change {field} of the bill of {month}</source>
        <translation>修改{month}账单的{field}</translation>
    </message>
</context>
<context>
    <name>CashFlowChart</name>
    <message>
        <source>Cumulative cash flow</source>
        <translation>累计现金流</translation>
    </message>
    <message>
        <source>Cumulative net cash flow</source>
        <translation>累计净现金流</translation>
    </message>
    <message>
        <source>Discounted</source>
        <translation>折现累计</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年</translation>
    </message>
</context>
<context>
    <name>DutyProfileModel</name>
    <message>
        <source>Add duty point to '{name}'</source>
        <translation>为“{name}”添加工况点</translation>
    </message>
    <message>
        <source>Remove duty point from '{name}'</source>
        <translation>删除“{name}”的工况点</translation>
    </message>
    <message>
        <source>Flow [{unit}]</source>
        <translation>流量 [{unit}]</translation>
    </message>
    <message>
        <source>Share of time [{unit}]</source>
        <translation>时间占比 [{unit}]</translation>
    </message>
    <message>
        <source>Change flow of '{name}'</source>
        <translation>修改“{name}”的流量</translation>
    </message>
    <message>
        <source>Change duty time shares of '{name}'</source>
        <translation>修改“{name}”的工况时间占比</translation>
    </message>
</context>
<context>
    <name>EmissionsEditor</name>
    <message>
        <source>Change {field}</source>
        <translation>修改{field}</translation>
    </message>
    <message>
        <source>Grid CO2 emission factor</source>
        <translation>电网 CO₂ 排放因子</translation>
    </message>
    <message>
        <source>Custom value</source>
        <translation>自定义数值</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>emission factor preset</source>
        <translation>排放因子预设</translation>
    </message>
    <message>
        <source>Emission factor</source>
        <translation>排放因子</translation>
    </message>
    <message>
        <source>emission factor</source>
        <translation>排放因子</translation>
    </message>
    <message>
        <source>Standard coal equivalent (tce)</source>
        <translation>标准煤折算(tce)</translation>
    </message>
    <message>
        <source>Basis</source>
        <translation>口径</translation>
    </message>
    <message>
        <source>tce basis</source>
        <translation>折标口径</translation>
    </message>
    <message>
        <source>Coefficient</source>
        <translation>折标系数</translation>
    </message>
    <message>
        <source>tce coefficient</source>
        <translation>折标系数</translation>
    </message>
    <message>
        <source>Custom factor: state its source in the project description.</source>
        <translation>自定义因子:请在项目说明中注明来源。</translation>
    </message>
    <message>
        <source>Source: {source}
Year: {year}, confidence: {confidence}</source>
        <translation>来源:{source}
年份:{year},可信度:{confidence}</translation>
    </message>
    <message>
        <source>Custom coefficient. 0.1229 kgce/kWh is the heat-equivalent value (GB/T 2589-2020); about 0.30 is the coal-consumption basis.</source>
        <translation>自定义系数。0.1229 kgce/kWh 为当量值(GB/T 2589-2020);约 0.30 为等价值(发电煤耗)。</translation>
    </message>
    <message>
        <source>Source: {source}, confidence: {confidence}</source>
        <translation>来源:{source},可信度:{confidence}</translation>
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <source>Expected a number, found nothing</source>
        <translation>应为数字,实际为空</translation>
    </message>
    <message>
        <source>Expected a whole number, found '{text}'</source>
        <translation>应为整数,实际为“{text}”</translation>
    </message>
    <message>
        <source>Expected a number, found '{text}'</source>
        <translation>应为数字,实际为“{text}”</translation>
    </message>
    <message>
        <source>Expected a finite number, found '{text}'</source>
        <translation>应为有限数字,实际为“{text}”</translation>
    </message>
    <message>
        <source>Expected dates as YYYY-MM-DD, found '{text}'</source>
        <translation>应为 YYYY-MM-DD 格式的日期,实际为“{text}”</translation>
    </message>
    <message>
        <source>Allowed: {range}</source>
        <translation>允许范围:{range}</translation>
    </message>
</context>
<context>
    <name>FinanceEditor</name>
    <message>
        <source>Change {field}</source>
        <translation>修改{field}</translation>
    </message>
    <message>
        <source>Finance</source>
        <translation>财务</translation>
    </message>
    <message>
        <source>Analysis period</source>
        <translation>分析期</translation>
    </message>
    <message>
        <source>analysis period</source>
        <translation>分析期</translation>
    </message>
    <message>
        <source>Discount rate</source>
        <translation>折现率</translation>
    </message>
    <message>
        <source>discount rate</source>
        <translation>折现率</translation>
    </message>
    <message>
        <source>Grants received at year 0, deducted from the investment.</source>
        <translation>第 0 年收到的补贴,从投资中扣除。</translation>
    </message>
    <message>
        <source>Subsidy</source>
        <translation>补贴</translation>
    </message>
    <message>
        <source>subsidy</source>
        <translation>补贴</translation>
    </message>
    <message>
        <source>O&amp;&amp;M escalation</source>
        <translation>运维费用年增长</translation>
    </message>
    <message>
        <source>maintenance cost escalation</source>
        <translation>运维费用年增长</translation>
    </message>
    <message>
        <source>0 = pre-tax analysis; the enterprise income tax rate is 25 %.</source>
        <translation>0 = 税前分析;企业所得税税率为 25 %。</translation>
    </message>
    <message>
        <source>Income tax</source>
        <translation>所得税</translation>
    </message>
    <message>
        <source>income tax</source>
        <translation>所得税</translation>
    </message>
    <message>
        <source>Depreciation period</source>
        <translation>折旧年限</translation>
    </message>
    <message>
        <source>depreciation period</source>
        <translation>折旧年限</translation>
    </message>
    <message>
        <source>Loan</source>
        <translation>贷款</translation>
    </message>
    <message>
        <source>Part of the investment is borrowed</source>
        <translation>部分投资来自贷款</translation>
    </message>
    <message>
        <source>Share borrowed</source>
        <translation>贷款比例</translation>
    </message>
    <message>
        <source>loan share</source>
        <translation>贷款比例</translation>
    </message>
    <message>
        <source>Interest rate</source>
        <translation>利率</translation>
    </message>
    <message>
        <source>loan interest</source>
        <translation>贷款利率</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>loan term</source>
        <translation>贷款期限</translation>
    </message>
    <message>
        <source>Add a loan</source>
        <translation>添加贷款</translation>
    </message>
    <message>
        <source>Remove the loan</source>
        <translation>删除贷款</translation>
    </message>
</context>
<context>
    <name>ImportProfileDialog</name>
    <message>
        <source>Import meter data</source>
        <translation>导入电表数据</translation>
    </message>
    <message>
        <source>Import PV generation profile</source>
        <translation>导入光伏发电曲线</translation>
    </message>
    <message>
        <source>A CSV or XLSX file with a header row: a timestamp column and a kW or kWh column, hourly or 15-minute, one year (8760 hours). Gaps, duplicates and daylight-saving artefacts are repaired and listed below before you accept.</source>
        <translation>带表头的 CSV 或 XLSX 文件:一列时间戳和一列 kW 或 kWh,逐时或 15 分钟数据,一整年(8760 小时)。缺失、重复和夏令时问题会被修复,并在您确认前列在下方。</translation>
    </message>
    <message>
        <source>File path</source>
        <translation>文件路径</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Time column</source>
        <translation>时间列</translation>
    </message>
    <message>
        <source>Value column</source>
        <translation>数值列</translation>
    </message>
    <message>
        <source>Read with these columns</source>
        <translation>按所选列读取</translation>
    </message>
    <message>
        <source>What was repaired:</source>
        <translation>修复内容:</translation>
    </message>
    <message>
        <source>Use this profile</source>
        <translation>使用此曲线</translation>
    </message>
    <message>
        <source>Meter data (*.csv *.xlsx *.xlsm *.txt);;All files (*)</source>
        <translation>电表数据 (*.csv *.xlsx *.xlsm *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Expected a file name, found nothing</source>
        <translation>应为文件名,实际为空</translation>
    </message>
    <message>
        <source>This file cannot be used: {reason}</source>
        <translation>此文件无法使用:{reason}</translation>
    </message>
    <message>
        <source>Pick the time column and the value column (and its unit) above, then read again.</source>
        <translation>请在上方选择时间列和数值列(及其单位),然后重新读取。</translation>
    </message>
    <message>
        <source>{hours} hours, {energy} {kwh} a year; peak {peak} {kw}, mean {mean} {kw}. Read {rows} rows of {interval}-minute data in {unit_name}.</source>
        <translation>{hours} 小时,年用电 {energy} {kwh};峰值 {peak} {kw},平均 {mean} {kw}。读取 {rows} 行 {interval} 分钟数据,单位 {unit_name}。</translation>
    </message>
    <message>
        <source>Duplicates removed: {n}</source>
        <translation>删除重复:{n}</translation>
    </message>
    <message>
        <source>Hours filled (gaps): {n}</source>
        <translation>补齐小时数(缺失):{n}</translation>
    </message>
    <message>
        <source>Daylight-saving artefacts: {n}</source>
        <translation>夏令时问题:{n}</translation>
    </message>
    <message>
        <source>Negative values set to 0: {n}</source>
        <translation>负值置 0:{n}</translation>
    </message>
    <message>
        <source>29 February dropped</source>
        <translation>已去掉 2 月 29 日</translation>
    </message>
    <message>
        <source>Nothing had to be repaired.</source>
        <translation>无需修复。</translation>
    </message>
</context>
<context>
    <name>InputPanel</name>
    <message>
        <source>Site &amp;&amp; load</source>
        <translation>场地与负荷</translation>
    </message>
    <message>
        <source>Tariff</source>
        <translation>电价</translation>
    </message>
    <message>
        <source>Measures</source>
        <translation>节能措施</translation>
    </message>
    <message>
        <source>Finance</source>
        <translation>财务</translation>
    </message>
    <message>
        <source>Emissions</source>
        <translation>排放</translation>
    </message>
    <message>
        <source>Bill</source>
        <translation>电费单</translation>
    </message>
</context>
<context>
    <name>LoadEditor</name>
    <message>
        <source>Change {field}</source>
        <translation>修改{field}</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>负荷</translation>
    </message>
    <message>
        <source>Annual consumption on a shift pattern</source>
        <translation>年用电量 + 班次</translation>
    </message>
    <message>
        <source>Interval meter data (CSV / XLSX)</source>
        <translation>电表分时数据(CSV / XLSX)</translation>
    </message>
    <message>
        <source>Baseline from</source>
        <translation>基准负荷来源</translation>
    </message>
    <message>
        <source>Annual consumption</source>
        <translation>年用电量</translation>
    </message>
    <message>
        <source>annual consumption</source>
        <translation>年用电量</translation>
    </message>
    <message>
        <source>Shift pattern</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>shift pattern</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Load outside the shift hours, in % of the load during shifts.</source>
        <translation>非生产时段负荷,占生产时段负荷的百分比。</translation>
    </message>
    <message>
        <source>Base load outside shifts</source>
        <translation>非生产时段基础负荷</translation>
    </message>
    <message>
        <source>base load</source>
        <translation>基础负荷</translation>
    </message>
    <message>
        <source>no file imported</source>
        <translation>未导入文件</translation>
    </message>
    <message>
        <source>Import meter data…</source>
        <translation>导入电表数据…</translation>
    </message>
    <message>
        <source>Meter data file</source>
        <translation>电表数据文件</translation>
    </message>
    <message>
        <source>Working days</source>
        <translation>工作日</translation>
    </message>
    <message>
        <source>working days</source>
        <translation>工作日</translation>
    </message>
    <message>
        <source>Extra rest days (public holidays), YYYY-MM-DD, separated by commas.</source>
        <translation>额外休息日(法定节假日),格式 YYYY-MM-DD,以逗号分隔。</translation>
    </message>
    <message>
        <source>Holidays</source>
        <translation>节假日</translation>
    </message>
    <message>
        <source>holidays</source>
        <translation>节假日</translation>
    </message>
    <message>
        <source>Calendar year</source>
        <translation>计算年份</translation>
    </message>
    <message>
        <source>calendar year</source>
        <translation>计算年份</translation>
    </message>
    <message>
        <source>Use annual consumption and shift pattern</source>
        <translation>改用年用电量和班次</translation>
    </message>
    <message>
        <source>Import meter data '{file}'</source>
        <translation>导入电表数据“{file}”</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>The input forms could not be loaded: %1</source>
        <translation>无法加载输入表单：%1</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>Start a new project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a project file</source>
        <translation>打开项目文件</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save the project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Export to Excel…</source>
        <translation>导出 Excel(&amp;E)…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Write the Excel proposal</source>
        <translation>生成 Excel 方案书</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;About Retrofit Planner</source>
        <translation>关于节能改造规划(&amp;A)</translation>
    </message>
    <message>
        <source>Recompute now</source>
        <translation>立即重新计算</translation>
    </message>
    <message>
        <source>Undo history</source>
        <translation>撤销历史</translation>
    </message>
    <message>
        <source>Undo &amp;History</source>
        <translation>撤销历史(&amp;H)</translation>
    </message>
    <message>
        <source>&lt;opened project&gt;</source>
        <translation>&lt;打开时的项目&gt;</translation>
    </message>
    <message>
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <source>&amp;Toolbar</source>
        <translation>工具栏(&amp;T)</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>The translation file is missing; the interface stays in English.</source>
        <translation>缺少翻译文件，界面保持英文。</translation>
    </message>
    <message>
        <source>Retrofit Planner</source>
        <translation>节能改造规划</translation>
    </message>
    <message>
        <source>Untitled (from example)</source>
        <translation>未命名（来自示例）</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Cannot compute: %1</source>
        <translation>无法计算：%1</translation>
    </message>
    <message>
        <source>Autosave cannot write (%1): save your work with Ctrl+S.</source>
        <translation>自动保存无法写入(%1):请按 Ctrl+S 保存您的工作。</translation>
    </message>
    <message>
        <source>Autosave works again.</source>
        <translation>自动保存已恢复正常。</translation>
    </message>
    <message>
        <source>The project has unsaved changes. Save them?</source>
        <translation>项目有未保存的修改。是否保存？</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>新项目</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Retrofit Planner projects (*.json);;All files (*)</source>
        <translation>节能改造项目 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot open %1</source>
        <translation>无法打开 %1</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>Save project as</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <source>Retrofit Planner projects (*.json)</source>
        <translation>节能改造项目 (*.json)</translation>
    </message>
    <message>
        <source>“%1” was changed on disk since it was opened (by another window or program). Saving replaces those changes. Save anyway?</source>
        <translation>“%1”在打开后已在磁盘上被修改(其他窗口或程序)。保存将覆盖这些修改。仍要保存吗?</translation>
    </message>
    <message>
        <source>Not saved: the file changed on disk.</source>
        <translation>未保存:文件已在磁盘上被修改。</translation>
    </message>
    <message>
        <source>Cannot save %1:
%2</source>
        <translation>无法保存 %1：
%2</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>(no recent files)</source>
        <translation>（无最近文件）</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>清除列表</translation>
    </message>
    <message>
        <source>“%1”, autosaved on %2</source>
        <translation>“%1”,自动保存于 %2</translation>
    </message>
    <message>
        <source>(the file was changed after this autosave: compare before saving)</source>
        <translation>(此次自动保存之后文件又被修改过:保存前请核对)</translation>
    </message>
    <message>
        <source>Autosaved changes restored</source>
        <translation>已恢复自动保存的修改</translation>
    </message>
    <message>
        <source>Unsaved changes to %1 were autosaved (the program may have been closed unexpectedly). Restore them?</source>
        <translation>%1 的未保存修改已被自动保存(程序可能意外关闭)。要恢复吗?</translation>
    </message>
    <message>
        <source>Recover unsaved work</source>
        <translation>恢复未保存的工作</translation>
    </message>
    <message>
        <source>These sessions ended without saving (the program may have been closed unexpectedly). Pick one to restore; the others stay available until you discard them.</source>
        <translation>以下会话结束时未保存(程序可能意外关闭)。请选择一个恢复;其余的会保留,直到您放弃它们。</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Discard all</source>
        <translation>全部放弃</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>暂不</translation>
    </message>
    <message>
        <source>A recovery file could not be read and was kept aside:
%1</source>
        <translation>有恢复文件无法读取,已另行保留:
%1</translation>
    </message>
    <message>
        <source>Unreadable recovery file kept as %1</source>
        <translation>无法读取的恢复文件已保留为 %1</translation>
    </message>
    <message>
        <source>Export the Excel proposal</source>
        <translation>导出 Excel 方案书</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Writing the Excel proposal…</source>
        <translation>正在生成 Excel 方案书…</translation>
    </message>
    <message>
        <source>Exporting to %1…</source>
        <translation>正在导出到 %1…</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <source>The Excel proposal could not be written:
%1</source>
        <translation>无法生成 Excel 方案书：
%1</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <source>The Excel proposal was written to
%1</source>
        <translation>Excel 方案书已保存到
%1</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>Grid CO₂ factors: MEE/NBS electricity average CO₂ emission factors, announcement 2025 No. 47 (2023 data: national average 0.5306 kg/kWh), 2024 No. 33 and No. 12; regional grid baseline factors for emission-reduction projects (MEE 2019, e.g. North China operating margin 0.9419 kg/kWh).</source>
        <translation>电网 CO₂ 排放因子：生态环境部、国家统计局发布的电力平均二氧化碳排放因子，2025 年第 47 号公告（2023 年数据：全国平均 0.5306 kg/kWh），以及 2024 年第 33 号、第 12 号公告；减排项目区域电网基准线排放因子（生态环境部 2019，如华北电网电量边际排放因子 0.9419 kg/kWh）。</translation>
    </message>
    <message>
        <source>Standard coal: electricity heat-equivalent value 0.1229 kgce/kWh (GB/T 2589-2020); coal-consumption basis about 0.30 kgce/kWh (NDRC/NEA 2021, CEC 2025).</source>
        <translation>标准煤：电力当量值 0.1229 kgce/kWh（GB/T 2589-2020）；等价值（发电煤耗法）约 0.30 kgce/kWh（国家发展改革委、国家能源局 2021，中电联 2025）。</translation>
    </message>
    <message>
        <source>Time-of-use tariffs: NDRC price notice [2021] No. 1093 (peak:valley ratio at least 4:1 or 3:1; critical peak at least 20% above peak). Two-part basic charge: NDRC price notice [2023] No. 526. Provincial templates are illustrative.</source>
        <translation>分时电价：发改价格〔2021〕1093 号（峰谷价差比不低于 4:1 或 3:1；尖峰电价在高峰电价基础上上浮不低于 20%）。两部制基本电费：发改价格〔2023〕526 号。各省模板仅供参考。</translation>
    </message>
    <message>
        <source>PV surplus: coal-fired benchmark price (NDRC [2019] No. 1658) for older projects; market price plus a provincial mechanism price from 2025-06-01 (NDRC price [2025] No. 136).</source>
        <translation>光伏余电上网：存量项目按燃煤发电基准价（发改价格规〔2019〕1658 号）；2025 年 6 月 1 日起投产的项目按市场价加省级机制电价（发改价格〔2025〕136 号）。</translation>
    </message>
    <message>
        <source>Motors: GB 18613-2020 energy-efficiency grades (grade 3 = IE3, grade 2 = IE4, grade 1 ≈ IE5).</source>
        <translation>电动机：GB 18613-2020 能效等级（3 级 = IE3，2 级 = IE4，1 级 ≈ IE5）。</translation>
    </message>
    <message>
        <source>Process upgrades are measured per unit of output (IPMVP, GB/T 13234).</source>
        <translation>工艺改造按单位产品能耗计算节能量（IPMVP，GB/T 13234）。</translation>
    </message>
    <message>
        <source>Investment, payback, NPV/IRR, savings, CO₂ and standard coal (tce) of energy retrofits in factories: motors, variable-speed drives, process upgrades and rooftop PV under time-of-use tariffs.</source>
        <translation>计算工厂节能改造（电机更换、变频调速、工艺升级、屋顶光伏）在分时电价下的投资、回收期、净现值/内部收益率、节约金额、CO₂ 减排与标准煤节约。</translation>
    </message>
    <message>
        <source>Policy context and sources of the presets</source>
        <translation>政策背景与预设数据来源</translation>
    </message>
    <message>
        <source>(all values are editable: check them against your own bills and notices)</source>
        <translation>（所有数值均可修改，请以实际电费单和文件为准）</translation>
    </message>
    <message>
        <source>Money out is negative; year 0 is the investment; cash flows are at the end of each year; NPV and IRR by numpy-financial.</source>
        <translation>支出为负；第 0 年为投资；现金流按年末计；净现值和内部收益率由 numpy-financial 计算。</translation>
    </message>
    <message>
        <source>About Retrofit Planner</source>
        <translation>关于节能改造规划</translation>
    </message>
</context>
<context>
    <name>MeasureForm</name>
    <message>
        <source>Measure</source>
        <translation>措施</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Included in the results</source>
        <translation>计入结果</translation>
    </message>
    <message>
        <source>inclusion</source>
        <translation>是否计入</translation>
    </message>
    <message>
        <source>Investment (capex)</source>
        <translation>投资额</translation>
    </message>
    <message>
        <source>capex</source>
        <translation>投资额</translation>
    </message>
    <message>
        <source>Service life</source>
        <translation>使用寿命</translation>
    </message>
    <message>
        <source>life</source>
        <translation>使用寿命</translation>
    </message>
    <message>
        <source>Change in yearly O&amp;M cost caused by the measure (positive = extra cost).</source>
        <translation>措施引起的年运维费用变化(正数为增加的费用)。</translation>
    </message>
    <message>
        <source>O&amp;&amp;M change</source>
        <translation>运维费用变化</translation>
    </message>
    <message>
        <source>maintenance cost change</source>
        <translation>运维费用变化</translation>
    </message>
    <message>
        <source>The hours in which the savings fall (TOU prices value them).</source>
        <translation>节能量所在的时段(按分时电价计价)。</translation>
    </message>
    <message>
        <source>Operating schedule</source>
        <translation>运行时段</translation>
    </message>
    <message>
        <source>operating schedule</source>
        <translation>运行时段</translation>
    </message>
    <message>
        <source>Change {field} of '{measure}'</source>
        <translation>修改“{measure}”的{field}</translation>
    </message>
</context>
<context>
    <name>MeasureSavingsChart</name>
    <message>
        <source>First-year savings by measure</source>
        <translation>各措施首年节约</translation>
    </message>
    <message>
        <source>First-year savings, largest %1 of %2 measures</source>
        <translation>各措施首年节约(%2 项中最大的 %1 项)</translation>
    </message>
    <message>
        <source>First-year savings</source>
        <translation>首年节约</translation>
    </message>
</context>
<context>
    <name>MeasuresEditor</name>
    <message>
        <source>Add measure</source>
        <translation>添加措施</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>No measures yet: use “Add measure” to describe a retrofit.</source>
        <translation>尚无措施:点击“添加措施”描述一项改造。</translation>
    </message>
    <message>
        <source>Add {type} measure</source>
        <translation>添加措施:{type}</translation>
    </message>
    <message>
        <source>Duplicate measure '{name}'</source>
        <translation>复制措施“{name}”</translation>
    </message>
    <message>
        <source>Delete measure '{name}'</source>
        <translation>删除措施“{name}”</translation>
    </message>
    <message>
        <source>Move measure '{name}' up</source>
        <translation>上移措施“{name}”</translation>
    </message>
    <message>
        <source>Move measure '{name}' down</source>
        <translation>下移措施“{name}”</translation>
    </message>
</context>
<context>
    <name>MeasuresTableModel</name>
    <message>
        <source>On</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Capex [{unit}]</source>
        <translation>投资 [{unit}]</translation>
    </message>
    <message>
        <source>Life [{unit}]</source>
        <translation>寿命 [{unit}]</translation>
    </message>
    <message>
        <source>Operating schedule</source>
        <translation>运行时段</translation>
    </message>
    <message>
        <source>Key figures</source>
        <translation>主要参数</translation>
    </message>
    <message>
        <source>Include the measure in the results</source>
        <translation>将该措施计入结果</translation>
    </message>
    <message>
        <source>Investment of the measure</source>
        <translation>措施的投资额</translation>
    </message>
    <message>
        <source>Enable measure '{name}'</source>
        <translation>启用措施“{name}”</translation>
    </message>
    <message>
        <source>Disable measure '{name}'</source>
        <translation>停用措施“{name}”</translation>
    </message>
    <message>
        <source>Rename measure '{old}' to '{new}'</source>
        <translation>将措施“{old}”改名为“{new}”</translation>
    </message>
    <message>
        <source>Change capex of '{name}'</source>
        <translation>修改“{name}”的投资额</translation>
    </message>
    <message>
        <source>Change life of '{name}'</source>
        <translation>修改“{name}”的使用寿命</translation>
    </message>
</context>
<context>
    <name>MonthlyBillChart</name>
    <message>
        <source>Monthly bill, year 1: before (pale) / after, by TOU period</source>
        <translation>首年月度电费：改造前（浅色）/ 改造后，按时段</translation>
    </message>
    <message>
        <source>Basic charge</source>
        <translation>基本电费</translation>
    </message>
    <message>
        <source>EMC payment</source>
        <translation>合同能源管理付费</translation>
    </message>
    <message>
        <source>PV export credit</source>
        <translation>光伏上网收入</translation>
    </message>
    <message>
        <source>Power-factor adjustment</source>
        <translation>力调电费</translation>
    </message>
    <message>
        <source>Funds and surcharges</source>
        <translation>政府性基金及附加</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
</context>
<context>
    <name>MotorForm</name>
    <message>
        <source>Motor replacement</source>
        <translation>电机更换</translation>
    </message>
    <message>
        <source>Rated power</source>
        <translation>额定功率</translation>
    </message>
    <message>
        <source>rated power</source>
        <translation>额定功率</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Load factor</source>
        <translation>负载率</translation>
    </message>
    <message>
        <source>load factor</source>
        <translation>负载率</translation>
    </message>
    <message>
        <source>Operating hours</source>
        <translation>年运行小时</translation>
    </message>
    <message>
        <source>operating hours</source>
        <translation>年运行小时</translation>
    </message>
    <message>
        <source>custom value</source>
        <translation>自定义数值</translation>
    </message>
    <message>
        <source>Fill the efficiency from GB 18613-2020 / IEC 60034-30-1 (4-pole, 50 Hz, at the rated power)</source>
        <translation>按 GB 18613-2020 / IEC 60034-30-1 填入效率(4 极,50 Hz,额定功率下)</translation>
    </message>
    <message>
        <source>Class before</source>
        <translation>改造前能效等级</translation>
    </message>
    <message>
        <source>Efficiency before</source>
        <translation>改造前效率</translation>
    </message>
    <message>
        <source>efficiency before</source>
        <translation>改造前效率</translation>
    </message>
    <message>
        <source>Class after</source>
        <translation>改造后能效等级</translation>
    </message>
    <message>
        <source>Efficiency after</source>
        <translation>改造后效率</translation>
    </message>
    <message>
        <source>efficiency after</source>
        <translation>改造后效率</translation>
    </message>
    <message>
        <source>Set efficiency before of '{name}' to {cls}</source>
        <translation>将“{name}”的改造前效率设为{cls}</translation>
    </message>
    <message>
        <source>Set efficiency after of '{name}' to {cls}</source>
        <translation>将“{name}”的改造后效率设为{cls}</translation>
    </message>
    <message>
        <source>At {kw} kW: {values} (4-pole, 50 Hz; IEC 60034-30-1, GB 18613-2020)</source>
        <translation>{kw} kW 时:{values}(4 极,50 Hz;IEC 60034-30-1,GB 18613-2020)</translation>
    </message>
</context>
<context>
    <name>PeriodPalette</name>
    <message>
        <source>No price set for this period</source>
        <translation>此时段未设电价</translation>
    </message>
</context>
<context>
    <name>PowerFactorCorrectionForm</name>
    <message>
        <source>Power-factor correction (capacitor bank / SVG)</source>
        <translation>无功补偿(电容器组 / SVG)</translation>
    </message>
    <message>
        <source>Target power factor</source>
        <translation>目标功率因数</translation>
    </message>
    <message>
        <source>target PF</source>
        <translation>目标功率因数</translation>
    </message>
    <message>
        <source>Each month's reactive energy is lowered to at most kWh × tan(acos(target PF)) on that month's grid imports; the savings are the lower power-factor adjustment (力调电费). Capacitor banks / SVG typically cost 60-150 yuan/kvar. Needs a power-factor standard on the Bill tab.</source>
        <translation>每月无功电量降至不超过 当月下网电量 × tan(acos(目标功率因数));节省来自力调电费的减少。电容器组 / SVG 一般 60-150 元/kvar。需在“电费单”页设置功率因数考核标准。</translation>
    </message>
</context>
<context>
    <name>ProfileChart</name>
    <message>
        <source>Day of the year</source>
        <translation>一年中的第几天</translation>
    </message>
    <message>
        <source>Load [kW]</source>
        <translation>负荷 [kW]</translation>
    </message>
</context>
<context>
    <name>ProjectDocument</name>
    <message>
        <source>Untitled project</source>
        <translation>未命名项目</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Restore autosaved changes</source>
        <translation>恢复自动保存的修改</translation>
    </message>
    <message>
        <source>Update file references</source>
        <translation>更新文件引用</translation>
    </message>
</context>
<context>
    <name>ProjectEditor</name>
    <message>
        <source>Change {field}</source>
        <translation>修改{field}</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Project name</source>
        <translation>项目名称</translation>
    </message>
    <message>
        <source>project name</source>
        <translation>项目名称</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>场地</translation>
    </message>
    <message>
        <source>Site name</source>
        <translation>场地名称</translation>
    </message>
    <message>
        <source>site name</source>
        <translation>场地名称</translation>
    </message>
    <message>
        <source>North positive.</source>
        <translation>北纬为正。</translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation>纬度</translation>
    </message>
    <message>
        <source>latitude</source>
        <translation>纬度</translation>
    </message>
    <message>
        <source>East positive.</source>
        <translation>东经为正。</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>经度</translation>
    </message>
    <message>
        <source>longitude</source>
        <translation>经度</translation>
    </message>
    <message>
        <source>h</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>Local standard time; China is UTC+8.</source>
        <translation>当地标准时间;中国为 UTC+8。</translation>
    </message>
    <message>
        <source>Time zone (UTC +)</source>
        <translation>时区(UTC +)</translation>
    </message>
    <message>
        <source>time zone</source>
        <translation>时区</translation>
    </message>
</context>
<context>
    <name>PvForm</name>
    <message>
        <source>Rooftop PV</source>
        <translation>屋顶光伏</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>装机容量</translation>
    </message>
    <message>
        <source>capacity</source>
        <translation>装机容量</translation>
    </message>
    <message>
        <source>Specific yield</source>
        <translation>年等效利用小时</translation>
    </message>
    <message>
        <source>specific yield</source>
        <translation>年等效利用小时</translation>
    </message>
    <message>
        <source>Degradation</source>
        <translation>年衰减率</translation>
    </message>
    <message>
        <source>degradation</source>
        <translation>年衰减率</translation>
    </message>
    <message>
        <source>Tilt</source>
        <translation>倾角</translation>
    </message>
    <message>
        <source>tilt</source>
        <translation>倾角</translation>
    </message>
    <message>
        <source>180° = facing south, 90° = east, 270° = west.</source>
        <translation>180° = 朝南,90° = 朝东,270° = 朝西。</translation>
    </message>
    <message>
        <source>Azimuth</source>
        <translation>方位角</translation>
    </message>
    <message>
        <source>azimuth</source>
        <translation>方位角</translation>
    </message>
    <message>
        <source>O&amp;&amp;M cost</source>
        <translation>运维费用</translation>
    </message>
    <message>
        <source>maintenance cost</source>
        <translation>运维费用</translation>
    </message>
    <message>
        <source>System losses</source>
        <translation>系统损失</translation>
    </message>
    <message>
        <source>system losses</source>
        <translation>系统损失</translation>
    </message>
    <message>
        <source>DC/AC ratio</source>
        <translation>容配比</translation>
    </message>
    <message>
        <source>Inverter efficiency</source>
        <translation>逆变器效率</translation>
    </message>
    <message>
        <source>inverter efficiency</source>
        <translation>逆变器效率</translation>
    </message>
    <message>
        <source>Export to the grid</source>
        <translation>余电上网</translation>
    </message>
    <message>
        <source>Allowed (surplus sold at the export price)</source>
        <translation>允许(余电按上网电价出售)</translation>
    </message>
    <message>
        <source>None (anti-backflow, surplus curtailed)</source>
        <translation>不允许(防逆流,余电弃用)</translation>
    </message>
    <message>
        <source>Capped (export up to a limit, the rest curtailed)</source>
        <translation>限功率上网(超出部分弃光)</translation>
    </message>
    <message>
        <source>export</source>
        <translation>余电上网</translation>
    </message>
    <message>
        <source>Export limit</source>
        <translation>上网功率上限</translation>
    </message>
    <message>
        <source>export limit</source>
        <translation>上网功率上限</translation>
    </message>
    <message>
        <source>Minimum self-use ratio</source>
        <translation>最低自发自用比例</translation>
    </message>
    <message>
        <source>provincial floor, optional</source>
        <translation>省级最低比例,可不填</translation>
    </message>
    <message>
        <source>minimum self-use ratio</source>
        <translation>最低自发自用比例</translation>
    </message>
    <message>
        <source>Ownership</source>
        <translation>投资方式</translation>
    </message>
    <message>
        <source>Owned by the factory</source>
        <translation>企业自投</translation>
    </message>
    <message>
        <source>EMC: an investor owns it and sells the power</source>
        <translation>合同能源管理:投资方持有并售电</translation>
    </message>
    <message>
        <source>ownership</source>
        <translation>投资方式</translation>
    </message>
    <message>
        <source>Discount on the grid price</source>
        <translation>按电网电价打折</translation>
    </message>
    <message>
        <source>Fixed price per kWh</source>
        <translation>固定电价</translation>
    </message>
    <message>
        <source>EMC terms</source>
        <translation>合同能源管理条款</translation>
    </message>
    <message>
        <source>EMC discount</source>
        <translation>电价折扣</translation>
    </message>
    <message>
        <source>EMC price</source>
        <translation>约定电价</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Generation profile</source>
        <translation>发电曲线</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Weather file</source>
        <translation>气象文件</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Weather data (*.epw *.csv);;All files (*)</source>
        <translation>气象数据 (*.epw *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Set {what} of '{name}'</source>
        <translation>设置“{name}”的{what}</translation>
    </message>
    <message>
        <source>generation profile</source>
        <translation>发电曲线</translation>
    </message>
    <message>
        <source>weather file</source>
        <translation>气象文件</translation>
    </message>
    <message>
        <source>Remove {what} of '{name}'</source>
        <translation>删除“{name}”的{what}</translation>
    </message>
</context>
<context>
    <name>ResultsPanel</name>
    <message>
        <source>The results cannot be computed: %1</source>
        <translation>无法计算结果：%1</translation>
    </message>
    <message>
        <source>Locate %1</source>
        <translation>查找 %1</translation>
    </message>
    <message>
        <source>Data files (*.csv *.xlsx *.xlsm *.txt *.epw);;All files (*)</source>
        <translation>数据文件 (*.csv *.xlsx *.xlsm *.txt *.epw);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Locate file '%1'</source>
        <translation>重新指定文件“%1”</translation>
    </message>
    <message>
        <source>Locate file…</source>
        <translation>查找文件…</translation>
    </message>
    <message>
        <source>(file not found: %1)</source>
        <translation>(找不到文件:%1)</translation>
    </message>
    <message>
        <source>No results are shown until this is fixed.</source>
        <translation>修正之前不显示任何结果。</translation>
    </message>
    <message>
        <source>A field holds a value that cannot be used (marked in red): the results shown are those of the last valid input.</source>
        <translation>有输入框的值无法使用(红色标出):显示的是上一次有效输入的结果。</translation>
    </message>
    <message>
        <source>Check: %1</source>
        <translation>请检查：%1</translation>
    </message>
    <message>
        <source>Year 1: energy saved %1, CO₂ %2</source>
        <translation>首年：节电 %1，减排 CO₂ %2</translation>
    </message>
    <message>
        <source>PV %1 generated, %2 self-consumed, LCOE %3 yuan/kWh</source>
        <translation>光伏发电 %1，自用比例 %2，度电成本 %3 元/kWh</translation>
    </message>
    <message>
        <source>computed in %1 ms</source>
        <translation>计算用时 %1 ms</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>总览</translation>
    </message>
    <message>
        <source>Yearly cash flow</source>
        <translation>逐年现金流</translation>
    </message>
    <message>
        <source>Measures</source>
        <translation>措施</translation>
    </message>
</context>
<context>
    <name>SpecificEnergyForm</name>
    <message>
        <source>Process upgrade, per unit of output</source>
        <translation>工艺升级(按单位产量)</translation>
    </message>
    <message>
        <source>Unit of output</source>
        <translation>产量单位</translation>
    </message>
    <message>
        <source>unit of output</source>
        <translation>产量单位</translation>
    </message>
    <message>
        <source>Energy per unit before</source>
        <translation>改造前单位能耗</translation>
    </message>
    <message>
        <source>energy per unit before</source>
        <translation>改造前单位能耗</translation>
    </message>
    <message>
        <source>Energy per unit after</source>
        <translation>改造后单位能耗</translation>
    </message>
    <message>
        <source>energy per unit after</source>
        <translation>改造后单位能耗</translation>
    </message>
    <message>
        <source>Output per year (after)</source>
        <translation>年产量(改造后)</translation>
    </message>
    <message>
        <source>output per year</source>
        <translation>年产量</translation>
    </message>
    <message>
        <source>Output per year before</source>
        <translation>改造前年产量</translation>
    </message>
    <message>
        <source>optional, for display</source>
        <translation>可选,仅用于显示</translation>
    </message>
    <message>
        <source>output before</source>
        <translation>改造前年产量</translation>
    </message>
    <message>
        <source>Saved kWh = (kWh per unit before − after) × output after (production-normalised, IPMVP / GB/T 13234).</source>
        <translation>节电量 = (改造前 − 改造后单位能耗)× 改造后产量(按产量归一,IPMVP / GB/T 13234)。</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>{unit}/year</source>
        <translation>{unit}/年</translation>
    </message>
</context>
<context>
    <name>TariffEditor</name>
    <message>
        <source>Change {field}</source>
        <translation>修改{field}</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Load template</source>
        <translation>载入模板</translation>
    </message>
    <message>
        <source>Replace prices and schedules by the template's (one undo step)</source>
        <translation>用模板替换电价和时段(可一步撤销)</translation>
    </message>
    <message>
        <source>Provincial template</source>
        <translation>省级电价模板</translation>
    </message>
    <message>
        <source>Energy prices</source>
        <translation>电度电价</translation>
    </message>
    <message>
        <source>not used</source>
        <translation>不使用</translation>
    </message>
    <message>
        <source>Leave empty for a period the tariff does not have.</source>
        <translation>电价中没有的时段请留空。</translation>
    </message>
    <message>
        <source>{period} price</source>
        <translation>{period}电价</translation>
    </message>
    <message>
        <source>Paid for PV surplus fed into the grid.</source>
        <translation>光伏余电上网的收购价。</translation>
    </message>
    <message>
        <source>Export price</source>
        <translation>上网电价</translation>
    </message>
    <message>
        <source>export price</source>
        <translation>上网电价</translation>
    </message>
    <message>
        <source>Price escalation</source>
        <translation>电价年涨幅</translation>
    </message>
    <message>
        <source>price escalation</source>
        <translation>电价年涨幅</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>tariff notes</source>
        <translation>电价备注</translation>
    </message>
    <message>
        <source>Basic charge (two-part tariff)</source>
        <translation>基本电费(两部制电价)</translation>
    </message>
    <message>
        <source>The factory pays a basic charge</source>
        <translation>企业缴纳基本电费</translation>
    </message>
    <message>
        <source>Per kW of the month's maximum demand</source>
        <translation>按月最大需量(kW)</translation>
    </message>
    <message>
        <source>Per kVA of transformer capacity</source>
        <translation>按变压器容量(kVA)</translation>
    </message>
    <message>
        <source>Per kW of contracted demand (see the Bill tab)</source>
        <translation>按合同最大需量每千瓦(见“电费单”页)</translation>
    </message>
    <message>
        <source>Basis</source>
        <translation>口径</translation>
    </message>
    <message>
        <source>basic charge basis</source>
        <translation>基本电费计费方式</translation>
    </message>
    <message>
        <source>Demand charge</source>
        <translation>需量电价</translation>
    </message>
    <message>
        <source>demand charge</source>
        <translation>需量电价</translation>
    </message>
    <message>
        <source>Transformer capacity</source>
        <translation>变压器容量</translation>
    </message>
    <message>
        <source>transformer capacity</source>
        <translation>变压器容量</translation>
    </message>
    <message>
        <source>Capacity charge</source>
        <translation>容量电价</translation>
    </message>
    <message>
        <source>capacity charge</source>
        <translation>容量电价</translation>
    </message>
    <message>
        <source>Period schedule</source>
        <translation>时段划分</translation>
    </message>
    <message>
        <source>Pick a period, then press and drag over the hours to paint them. Click a month name to paint the whole month, an hour number to paint that hour in every month. Right click picks a period.</source>
        <translation>先选一个时段,再按住鼠标拖过要设置的小时。点击月份名设置整月,点击小时数设置每个月的该小时。右键拾取时段。</translation>
    </message>
    <message>
        <source>Working days</source>
        <translation>工作日</translation>
    </message>
    <message>
        <source>Rest days (weekends and holidays)</source>
        <translation>休息日(周末和节假日)</translation>
    </message>
    <message>
        <source>Same as working days</source>
        <translation>与工作日相同</translation>
    </message>
    <message>
        <source>Copy working days</source>
        <translation>复制工作日</translation>
    </message>
    <message>
        <source>illustrative</source>
        <translation>示意</translation>
    </message>
    <message>
        <source>Source: {source}
Date: {date}</source>
        <translation>来源:{source}
日期:{date}</translation>
    </message>
    <message>
        <source>Illustrative figures: check them against the factory's electricity bill.</source>
        <translation>示意数据:请与企业电费单核对。</translation>
    </message>
    <message>
        <source>The project's tariff was loaded from this template.</source>
        <translation>本项目电价载入自此模板。</translation>
    </message>
    <message>
        <source>Paint {n} hours {period} on working days</source>
        <translation>将工作日 {n} 个小时设为{period}</translation>
    </message>
    <message>
        <source>Paint {n} hours {period} on rest days</source>
        <translation>将休息日 {n} 个小时设为{period}</translation>
    </message>
    <message>
        <source>Set a price for {period} first.</source>
        <translation>请先设置{period}电价。</translation>
    </message>
    <message>
        <source>Use the working-day schedule on rest days</source>
        <translation>休息日采用工作日时段</translation>
    </message>
    <message>
        <source>Give rest days their own schedule</source>
        <translation>休息日单独设置时段</translation>
    </message>
    <message>
        <source>Copy the working-day schedule to rest days</source>
        <translation>将工作日时段复制到休息日</translation>
    </message>
    <message>
        <source>Add a basic charge</source>
        <translation>添加基本电费</translation>
    </message>
    <message>
        <source>Remove the basic charge</source>
        <translation>删除基本电费</translation>
    </message>
    <message>
        <source>Load tariff template '{name}'</source>
        <translation>载入电价模板“{name}”</translation>
    </message>
</context>
<context>
    <name>TypicalDayChart</name>
    <message>
        <source>Typical day</source>
        <translation>典型日负荷</translation>
    </message>
    <message>
        <source>Baseline load</source>
        <translation>改造前负荷</translation>
    </message>
    <message>
        <source>After efficiency</source>
        <translation>节能改造后负荷</translation>
    </message>
    <message>
        <source>PV output</source>
        <translation>光伏出力</translation>
    </message>
    <message>
        <source>Grid import</source>
        <translation>电网购电</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>时</translation>
    </message>
    <message>
        <source>kW</source>
        <translation>kW</translation>
    </message>
</context>
<context>
    <name>TypicalDayWidget</name>
    <message>
        <source>Month:</source>
        <translation>月份：</translation>
    </message>
    <message>
        <source>Days:</source>
        <translation>日类型：</translation>
    </message>
    <message>
        <source>January</source>
        <translation>1 月</translation>
    </message>
    <message>
        <source>February</source>
        <translation>2 月</translation>
    </message>
    <message>
        <source>March</source>
        <translation>3 月</translation>
    </message>
    <message>
        <source>April</source>
        <translation>4 月</translation>
    </message>
    <message>
        <source>May</source>
        <translation>5 月</translation>
    </message>
    <message>
        <source>June</source>
        <translation>6 月</translation>
    </message>
    <message>
        <source>July</source>
        <translation>7 月</translation>
    </message>
    <message>
        <source>August</source>
        <translation>8 月</translation>
    </message>
    <message>
        <source>September</source>
        <translation>9 月</translation>
    </message>
    <message>
        <source>October</source>
        <translation>10 月</translation>
    </message>
    <message>
        <source>November</source>
        <translation>11 月</translation>
    </message>
    <message>
        <source>December</source>
        <translation>12 月</translation>
    </message>
    <message>
        <source>Working days</source>
        <translation>工作日</translation>
    </message>
    <message>
        <source>Rest days</source>
        <translation>休息日</translation>
    </message>
</context>
<context>
    <name>VfdForm</name>
    <message>
        <source>Variable-speed drive</source>
        <translation>变频调速</translation>
    </message>
    <message>
        <source>Rated power</source>
        <translation>额定功率</translation>
    </message>
    <message>
        <source>rated power</source>
        <translation>额定功率</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Load at 100 % flow</source>
        <translation>100 % 流量时负载率</translation>
    </message>
    <message>
        <source>load factor</source>
        <translation>负载率</translation>
    </message>
    <message>
        <source>Operating hours</source>
        <translation>年运行小时</translation>
    </message>
    <message>
        <source>operating hours</source>
        <translation>年运行小时</translation>
    </message>
    <message>
        <source>Motor efficiency</source>
        <translation>电机效率</translation>
    </message>
    <message>
        <source>motor efficiency</source>
        <translation>电机效率</translation>
    </message>
    <message>
        <source>Drive efficiency</source>
        <translation>变频器效率</translation>
    </message>
    <message>
        <source>drive efficiency</source>
        <translation>变频器效率</translation>
    </message>
    <message>
        <source>n in P ~ Q^n: 3 for pure friction (affinity laws), lower with static head.</source>
        <translation>P ~ Q^n 中的 n:纯摩阻系统为 3(相似定律),有静扬程时更低。</translation>
    </message>
    <message>
        <source>Affinity exponent</source>
        <translation>相似定律指数</translation>
    </message>
    <message>
        <source>affinity exponent</source>
        <translation>相似定律指数</translation>
    </message>
    <message>
        <source>Flow control before</source>
        <translation>改造前流量调节方式</translation>
    </message>
    <message>
        <source>Throttle valve or damper</source>
        <translation>节流阀或风门</translation>
    </message>
    <message>
        <source>Constant speed, full power (bypass)</source>
        <translation>定速满功率(旁通)</translation>
    </message>
    <message>
        <source>flow control before</source>
        <translation>改造前流量调节方式</translation>
    </message>
    <message>
        <source>Add point</source>
        <translation>添加工况点</translation>
    </message>
    <message>
        <source>Remove point</source>
        <translation>删除工况点</translation>
    </message>
    <message>
        <source>Duty profile</source>
        <translation>运行工况</translation>
    </message>
    <message>
        <source>Total time: {total} %</source>
        <translation>时间合计:{total} %</translation>
    </message>
</context>
</TS>
